import ArgumentParser
import SluiceKit

/// What `sluice tasks` and `sluice workflows` share: the limit check, and printing what the
/// registry listed as JSON, as a table, or as a hint to register something when it is empty.
enum RegistryListing {
    static func validate(limit: Int) throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
    }

    static func print<Item>(
        _ items: [Item], plural noun: String, format: OutputOptions,
        json: (Item) -> JSONValue, table: ([Item]) -> TextTable
    ) {
        if format.json {
            printJSON(.array(items.map(json)))
        } else if items.isEmpty {
            Swift.print("no \(noun) registered; register some with: sluice register FILE.yaml")
        } else {
            Swift.print(table(items).rendered)
        }
    }
}
