/// The three bank holiday calendars of the United Kingdom (GOV.UK, "UK bank holidays",
/// https://www.gov.uk/bank-holidays), named in a rule set by `calendar "england-and-wales"`.
public enum BankHolidayRegion: String, CaseIterable, Sendable {
    case englandAndWales = "england-and-wales"
    case scotland = "scotland"
    case northernIreland = "northern-ireland"

    /// The name a rule set writes: `england-and-wales`, `scotland`, `northern-ireland`.
    public var identifier: String { rawValue }

    /// The name for people: "England and Wales".
    var title: String {
        switch self {
        case .englandAndWales: return "England and Wales"
        case .scotland: return "Scotland"
        case .northernIreland: return "Northern Ireland"
        }
    }

    /// The calendar named `identifier`, or nil.
    public init?(identifier: String) {
        self.init(rawValue: identifier)
    }
}
