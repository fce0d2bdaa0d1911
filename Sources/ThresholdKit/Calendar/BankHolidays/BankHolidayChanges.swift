/// One-off changes to the UK bank holidays, made by Royal Proclamation under the Banking and Financial
/// Dealings Act 1971, section 1(3), for every part of the UK unless `regions` says otherwise. Each is listed
/// with the announcement it comes from; GOV.UK lists the dates from 2018 at https://www.gov.uk/bank-holidays.
///
/// A change announced after this list was written is not known here: add it, with its source.
struct BankHolidayChange: Sendable {
    enum Change: Sendable {
        /// The year's holiday of this kind is taken on another date.
        case move(BankHolidayKind, month: Int64, day: Int64)
        /// An extra holiday.
        case add(month: Int64, day: Int64)
    }

    var year: Int64
    var change: Change
    var name: String
    var source: String
    /// The calendars it changes (every one unless said).
    var regions: [BankHolidayRegion] = BankHolidayRegion.allCases
}

enum BankHolidayChanges {
    static let all: [BankHolidayChange] = [
        BankHolidayChange(
            year: 1995, change: .move(.earlyMay, month: 5, day: 8),
            name: "Early May bank holiday (VE Day, 50th anniversary)",
            source:
                "Royal Proclamation moving the early May bank holiday of 1995 to Monday 8 May, for the 50th anniversary of VE Day"
        ),
        BankHolidayChange(
            year: 1999, change: .add(month: 12, day: 31), name: "Millennium bank holiday",
            source: "Royal Proclamation of an extra bank holiday on Friday 31 December 1999, for the millennium"),
        BankHolidayChange(
            year: 2002, change: .move(.spring, month: 6, day: 4), name: "Spring bank holiday (Golden Jubilee)",
            source:
                "Royal Proclamation moving the spring bank holiday of 2002 to Tuesday 4 June, for the Golden Jubilee"),
        BankHolidayChange(
            year: 2002, change: .add(month: 6, day: 3), name: "Golden Jubilee bank holiday",
            source: "Royal Proclamation of an extra bank holiday on Monday 3 June 2002, for the Golden Jubilee"),
        BankHolidayChange(
            year: 2011, change: .add(month: 4, day: 29), name: "Royal wedding bank holiday",
            source:
                "Royal Proclamation of an extra bank holiday on Friday 29 April 2011, for the wedding of Prince William and Catherine Middleton"
        ),
        BankHolidayChange(
            year: 2012, change: .move(.spring, month: 6, day: 4), name: "Spring bank holiday (Diamond Jubilee)",
            source:
                "Royal Proclamation moving the spring bank holiday of 2012 to Monday 4 June, for the Diamond Jubilee"),
        BankHolidayChange(
            year: 2012, change: .add(month: 6, day: 5), name: "Queen's Diamond Jubilee",
            source: "Royal Proclamation of an extra bank holiday on Tuesday 5 June 2012, for the Diamond Jubilee"),
        BankHolidayChange(
            year: 2020, change: .move(.earlyMay, month: 5, day: 8), name: "Early May bank holiday (VE Day)",
            source:
                "GOV.UK, \"Early May bank holiday 2020 will move to mark 75th anniversary of VE day\" (June 2019): moved from Monday 4 May to Friday 8 May"
        ),
        BankHolidayChange(
            year: 2022, change: .move(.spring, month: 6, day: 2), name: "Spring bank holiday",
            source:
                "GOV.UK, \"Extra bank holiday to mark the Queen's Platinum Jubilee in 2022\" (2020): the spring bank holiday moved from Monday 30 May to Thursday 2 June"
        ),
        BankHolidayChange(
            year: 2022, change: .add(month: 6, day: 3), name: "Platinum Jubilee bank holiday",
            source:
                "GOV.UK, \"Extra bank holiday to mark the Queen's Platinum Jubilee in 2022\" (2020): an extra bank holiday on Friday 3 June"
        ),
        BankHolidayChange(
            year: 2022, change: .add(month: 9, day: 19),
            name: "Bank Holiday for the State Funeral of Queen Elizabeth II",
            source:
                "GOV.UK, \"Bank Holiday for the State Funeral of Her Majesty Queen Elizabeth II\" (September 2022): Monday 19 September"
        ),
        BankHolidayChange(
            year: 2023, change: .add(month: 5, day: 8), name: "Bank holiday for the coronation of King Charles III",
            source:
                "GOV.UK, \"Bank holiday proclaimed in honour of the coronation of His Majesty King Charles III\" (November 2022): Monday 8 May"
        ),
        BankHolidayChange(
            year: 2026, change: .add(month: 6, day: 15), name: "World Cup bank holiday",
            source:
                "Royal Proclamation of 3 February 2026 appointing Monday 15 June 2026 a bank holiday in Scotland, for Scotland's men's team at the FIFA World Cup; Scottish Government, \"World Cup bank holiday confirmed\" (gov.scot); listed for Scotland only on GOV.UK",
            regions: [.scotland]),
    ]

    /// The first and last years with a change (the counting tables cover them).
    static let years: ClosedRange<Int64> = {
        let ys = all.map(\.year)
        return (ys.min() ?? 2000)...(ys.max() ?? 2000)
    }()
}
