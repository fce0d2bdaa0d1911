/// The date of Easter Sunday in the Gregorian calendar, for any year.
///
/// The "anonymous Gregorian algorithm" (published in Nature, 1876; given by Meeus, *Astronomical
/// Algorithms*, chapter 8, and by Butcher's *Ecclesiastical Calendar*), computed with floor division so that
/// every year, even one before year 0, gives a Sunday between 22 March and 25 April.
enum Easter {
    /// Easter Sunday of `year`, as days since 1970-01-01.
    static func sunday(year: Int64) -> Int64 {
        let a = floorMod(year, 19)
        let b = floorDiv(year, 100)
        let c = floorMod(year, 100)
        let d = floorDiv(b, 4)
        let e = floorMod(b, 4)
        let f = floorDiv(b + 8, 25)
        let g = floorDiv(b - f + 1, 3)
        let h = floorMod(19 * a + b - d - g + 15, 30)
        let i = floorDiv(c, 4)
        let k = floorMod(c, 4)
        let l = floorMod(32 + 2 * e + 2 * i - h - k, 7)
        let m = floorDiv(a + 11 * h + 22 * l, 451)
        let n = h + l - 7 * m + 114
        return CivilDate.daysFromCivil(year, floorDiv(n, 31), floorMod(n, 31) + 1)
    }

    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    @inline(__always) static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
        a - floorDiv(a, b) * b
    }
}
