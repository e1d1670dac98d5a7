import Foundation
import SluiceTestSupport
import Testing

/// A service that cannot start says which setting was wrong and where it was set.
@Suite("Start-up errors name their setting")
struct StartupErrorTests {
    @Test("an address admin cannot listen on is refused naming the variable that set it")
    func badListenAddressNamesItsVariable() async throws {
        let admin = BuiltProducts.executable("sluice-admin").path
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-startup-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let (output, status) = try await shell(
            "SLUICE_PRINCIPALS='\(TestPrincipals.path)' SLUICE_ADMIN_LISTEN=bogus://nowhere '\(admin)' --database '\(database)' 2>&1")
        let text = String(decoding: output, as: UTF8.self)
        #expect(status != 0)
        #expect(text.contains("cannot listen on bogus://nowhere (environment variable SLUICE_ADMIN_LISTEN)"), "\(text)")
    }

    @Test("an admin address the scheduler cannot use is refused naming the flag that gave it")
    func badAdminAddressNamesItsFlag() async throws {
        let scheduler = BuiltProducts.executable("sluice-scheduler").path
        let (output, status) = try await shell(
            "SLUICE_PRINCIPALS='\(TestPrincipals.path)' '\(scheduler)' --admin bogus://nowhere --listen tcp://127.0.0.1:0 2>&1")
        let text = String(decoding: output, as: UTF8.self)
        #expect(status != 0)
        #expect(text.contains("cannot use admin address bogus://nowhere (--admin)"), "\(text)")
    }

    @Test("authentication is on unless turned off: a service without a principals file does not start, and says how to give one or turn it off")
    func noPrincipalsFileIsRefused() async throws {
        for service in ["admin", "catalog", "scheduler"] {
            let executable = BuiltProducts.executable("sluice-\(service)").path
            let (output, status) = try await shell(
                "env -u SLUICE_PRINCIPALS -u SLUICE_AUTH_OFF '\(executable)' --listen tcp://127.0.0.1:0 --log-level error 2>&1")
            let text = String(decoding: output, as: UTF8.self)
            #expect(status != 0)
            #expect(text.contains("the \(service) service checks a token on every call and needs a principals file"), "\(text)")
            #expect(text.contains("--no-auth"), "\(text)")
        }
        let missing = "/nonexistent/principals.yaml"
        let (output, status) = try await shell(
            "'\(BuiltProducts.executable("sluice-catalog").path)' --listen tcp://127.0.0.1:0 --principals \(missing) 2>&1")
        #expect(status != 0)
        #expect(String(decoding: output, as: UTF8.self).contains("--principals: cannot read principals file \(missing)"))
    }
}
