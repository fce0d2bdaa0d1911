/// The bank holidays the UK calendars are made of, and the dates their rules give.
///
/// Sources: the Banking and Financial Dealings Act 1971, Schedule 1 (as amended), and the annual Royal
/// Proclamations made under its section 1; the dates as published on GOV.UK, "UK bank holidays"
/// (https://www.gov.uk/bank-holidays). The early May bank holiday has been the first Monday in May since
/// 1978; these rules apply the present pattern to every year, so dates before 1978 are not historical, with
/// one exception, a holiday whose start is within the years people look up (`firstYear`): St Andrew's Day.
enum BankHolidayKind: Sendable, Equatable {
    case newYearsDay, secondJanuary, stPatricksDay, goodFriday, easterMonday, earlyMay, spring
    case battleOfTheBoyne, summer, stAndrewsDay, christmasDay, boxingDay
    /// A one-off holiday, by its index in `BankHolidayChanges.all`.
    case oneOff(Int)

    var name: String {
        switch self {
        case .newYearsDay: return "New Year's Day"
        case .secondJanuary: return "2nd January"
        case .stPatricksDay: return "St Patrick's Day"
        case .goodFriday: return "Good Friday"
        case .easterMonday: return "Easter Monday"
        case .earlyMay: return "Early May bank holiday"
        case .spring: return "Spring bank holiday"
        case .battleOfTheBoyne: return "Battle of the Boyne (Orangemen's Day)"
        case .summer: return "Summer bank holiday"
        case .stAndrewsDay: return "St Andrew's Day"
        case .christmasDay: return "Christmas Day"
        case .boxingDay: return "Boxing Day"
        case .oneOff(let i):
            return BankHolidayChanges.all.indices.contains(i) ? BankHolidayChanges.all[i].name : "Bank holiday"
        }
    }

    /// The first year the holiday was a bank holiday, when the rules must not apply it to every year.
    ///
    /// St Andrew's Day became a bank holiday in Scotland with the St Andrew's Day Bank Holiday (Scotland) Act
    /// 2007 (asp 2, Royal Assent 15 January 2007), which added 30 November (or the next Monday when it falls at
    /// a weekend) to Schedule 1, paragraph 3, of the Banking and Financial Dealings Act 1971: first observed on
    /// Friday 30 November 2007 (https://www.legislation.gov.uk/asp/2007/2). (The Python `holidays` package
    /// starts it in 2006; the Act was passed in 2007.)
    var firstYear: Int64? {
        self == .stAndrewsDay ? 2007 : nil
    }

    /// Holidays on a fixed date, which move to the next free weekday when they fall at a weekend, in the
    /// order they are placed (month, day).
    static func fixed(_ region: BankHolidayRegion) -> [(kind: BankHolidayKind, month: Int64, day: Int64)] {
        switch region {
        case .englandAndWales:
            return [(.newYearsDay, 1, 1), (.christmasDay, 12, 25), (.boxingDay, 12, 26)]
        case .scotland:
            return [
                (.newYearsDay, 1, 1), (.secondJanuary, 1, 2), (.stAndrewsDay, 11, 30), (.christmasDay, 12, 25),
                (.boxingDay, 12, 26),
            ]
        case .northernIreland:
            return [
                (.newYearsDay, 1, 1), (.stPatricksDay, 3, 17), (.battleOfTheBoyne, 7, 12), (.christmasDay, 12, 25),
                (.boxingDay, 12, 26),
            ]
        }
    }
}
