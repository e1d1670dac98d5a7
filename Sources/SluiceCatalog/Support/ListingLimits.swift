/// How many entries a listing returns: 100 unless asked, at most 1,000.
enum ListingLimits {
    static let standard = 100
    static let most = 1_000

    static func limit(_ requested: UInt32) -> Int {
        requested == 0 ? standard : min(Int(requested), most)
    }
}
