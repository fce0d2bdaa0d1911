/// The bank holidays the UK calendars are made of, and the dates their rules give.
///
/// Sources: the Banking and Financial Dealings Act 1971, Schedule 1 (as amended), and the annual Royal
/// Proclamations made under its section 1; the dates as published on GOV.UK, "UK bank holidays"
/// (https://www.gov.uk/bank-holidays). The early May bank holiday has been the first Monday in May since
/// 1978; these rules apply the present pattern to every year, so dates before 1978 are not historical.
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
