import Foundation
import SluiceAuth
import SluiceWire
import Testing

@Suite struct AuthenticatorTests {
    static let principals = PrincipalsFile(entries: [
        .init(name: "vera", roles: [.viewer], tokenHashes: [Token.hash("t-vera")]),
        .init(name: "otto", roles: [.operator], groups: ["release"], tokenHashes: [Token.hash("t-otto")]),
        .init(name: "ada", roles: [.admin], tokenHashes: [Token.hash("t-ada")]),
        .init(name: "sched", roles: [.service], tokenHashes: [Token.hash("t-sched")]),
    ])
    let authenticator = Authenticator(principals: principals)

    private func code(_ token: String, _ access: CallAccess) -> ErrorCode? {
        do {
            _ = try authenticator.principal(for: token, calling: "some_call", needing: access, on: "admin")
            return nil
        } catch {
            return error.code
        }
    }

    @Test func eachRoleMakesTheCallsItsRungAllows() {
        #expect(code("t-vera", .read) == nil)
        #expect(code("t-vera", .operate) == .permissionDenied)
        #expect(code("t-otto", .operate) == nil)
        #expect(code("t-otto", .register) == .permissionDenied)
        #expect(code("t-ada", .register) == nil)
        #expect(code("t-ada", .operate) == nil)
        #expect(code("t-ada", .service) == .permissionDenied)
        #expect(code("t-sched", .service) == nil)
        #expect(code("t-sched", .read) == nil)
        #expect(code("t-sched", .operate) == .permissionDenied)
    }

    @Test func missingOrUnknownTokensAreUnauthenticatedWithoutHintingAtValidOnes() throws {
        #expect(code("", .read) == .unauthenticated)
        #expect(code("t-vera ", .read) == .unauthenticated)
        #expect(code(String(repeating: "x", count: 100_000), .read) == .unauthenticated)
        do {
            _ = try authenticator.principal(for: "t-ver", calling: "list_executions", needing: .read, on: "admin")
            Issue.record("an unknown token was accepted")
        } catch {
            #expect(error.message == "the admin service does not accept the token list_executions came with")
        }
    }

    @Test func permissionDeniedNamesThePrincipalAndTheRoleNeeded() {
        do {
            _ = try authenticator.principal(for: "t-vera", calling: "create_execution", needing: .operate, on: "admin")
            Issue.record("a viewer created an execution")
        } catch {
            #expect(error.code == .permissionDenied)
            #expect(error.message.contains("vera (viewer) may not call create_execution"))
            #expect(error.message.contains("operator, admin"))
        }
    }

    @Test func healthNeedsNoTokenAndOffLetsEveryoneDoEverything() throws {
        #expect(code("", .anyone) == nil)
        let anyone = try Authenticator.off.principal(for: "", calling: "register_task", needing: .register, on: "admin")
        #expect(anyone == .anonymous && !anyone.isAuthenticated)
    }

    @Test func approversAreNamesOrGroups() throws {
        let otto = try authenticator.principal(for: "t-otto", calling: "set_signal", needing: .operate, on: "admin")
        #expect(otto.mayDecide(namedIn: []))
        #expect(otto.mayDecide(namedIn: ["otto"]))
        #expect(otto.mayDecide(namedIn: ["bob", "group:release"]))
        #expect(!otto.mayDecide(namedIn: ["bob", "group:oncall"]))
        #expect(!otto.mayDecide(namedIn: ["release"]))
        #expect(!Principal.anonymous.mayDecide(namedIn: ["anonymous"]))
    }

    @Test func anEditedFileIsReadAgainAndAWrongOneKeepsThePrincipalsBefore() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("principals-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PrincipalsFile(entries: [.init(name: "vera", roles: [.viewer], tokenHashes: [Token.hash("old")])]).write(to: path)
        let authenticator = try Authenticator(principalsFile: path)
        #expect(try authenticator.reloadIfChanged() == nil)
        _ = try authenticator.principal(for: "old", calling: "c", needing: .read, on: "admin")

        // Rotated: the new token works at once, the old one no more.
        try PrincipalsFile(entries: [.init(name: "vera", roles: [.viewer], tokenHashes: [Token.hash("new")])]).write(to: path)
        #expect(try authenticator.reloadIfChanged() == 1)
        _ = try authenticator.principal(for: "new", calling: "c", needing: .read, on: "admin")
        #expect(throws: ServiceError.self) { try authenticator.principal(for: "old", calling: "c", needing: .read, on: "admin") }

        try "principals: [oops".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: PrincipalsFile.Problem.self) { try authenticator.reloadIfChanged() }
        _ = try authenticator.principal(for: "new", calling: "c", needing: .read, on: "admin")
    }
}
