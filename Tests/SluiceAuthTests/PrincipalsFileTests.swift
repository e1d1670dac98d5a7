import Foundation
import SluiceAuth
import Testing

@Suite struct PrincipalsFileTests {
    let aliceHash = Token.hash("sluice_alice")

    @Test func readsPrincipalsWithRolesGroupsAndTokenHashes() throws {
        let file = try PrincipalsFile.parse("""
            principals:
              - name: alice
                roles: [operator]
                groups: [release, oncall]
                tokens: ["\(aliceHash)", "\(Token.hash("sluice_alice_next"))"]
              - name: sluice-scheduler
                roles: service
                tokens: "\(Token.hash("sluice_scheduler"))"
            """, source: "p.yaml")
        #expect(file.entries.count == 2)
        let table = file.byTokenHash
        #expect(table[aliceHash]?.name == "alice")
        #expect(table[aliceHash]?.groups == ["release", "oncall"])
        #expect(table[Token.hash("sluice_alice_next")]?.name == "alice")
        #expect(table[Token.hash("sluice_scheduler")]?.roles == [.service])
    }

    @Test func writtenFileReadsBackTheSame() throws {
        let file = PrincipalsFile(entries: [
            .init(name: "alice", roles: [.operator, .viewer], groups: ["release"], tokenHashes: [aliceHash]),
            .init(name: "bot", roles: [.service], tokenHashes: [Token.hash("b1"), Token.hash("b2")]),
        ])
        #expect(try PrincipalsFile.parse(file.yaml, source: "written") == file)
        #expect(try PrincipalsFile.parse(PrincipalsFile().yaml, source: "empty") == PrincipalsFile())
    }

    @Test(arguments: [
        ("principals:\n  - name: a\n    roles: [operator]\n    tokens: [sluice_plain_token]", "is not a token hash"),
        ("principals:\n  - name: a\n    roles: [superuser]\n    tokens: []", "unknown role 'superuser'"),
        ("principals:\n  - name: a\n    tokens: []", "has no roles"),
        ("principals:\n  - roles: [viewer]", "'name' is required"),
        ("principals:\n  - name: a b\n    roles: [viewer]", "may hold only letters"),
        ("principals:\n  - name: a\n    roles: [viewer]\n    token: []", "unknown key 'token'"),
        ("users: []", "unknown key 'users'"),
        ("principals: {}", "must be a list"),
    ])
    func refusesWrongFilesNamingTheProblem(text: String, expected: String) {
        #expect {
            try PrincipalsFile.parse(text, source: "p.yaml")
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".contains("p.yaml")
        }
    }

    @Test func refusesATokenHashListedByTwoPrincipals() {
        let text = """
            principals:
              - {name: a, roles: [viewer], tokens: ["\(aliceHash)"]}
              - {name: b, roles: [admin], tokens: ["\(aliceHash)"]}
            """
        #expect { try PrincipalsFile.parse(text, source: "p.yaml") } throws: { "\($0)".contains("'a' also lists") }
    }

    @Test func tokensAreRandomAndHashedAsSHA256Hex() {
        let first = Token.generate()
        let second = Token.generate()
        #expect(first != second)
        #expect(first.hasPrefix("sluice_") && first.count == 7 + 43)
        // SHA-256 of "abc", a published test vector.
        #expect(Token.hash("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct PrincipalsFileEdgeTests {
    @Test("a principal whose last token is revoked is written with none, and reads back; names YAML would misread are quoted")
    func revokedLastTokenAndOddNamesReadBack() throws {
        let file = PrincipalsFile(entries: [
            .init(name: "@ana", roles: [.operator], groups: ["@ops"], tokenHashes: []),
            .init(name: "true", roles: [.viewer], tokenHashes: [Token.hash("t")]),
        ])
        #expect(try PrincipalsFile.parse(file.yaml, source: "written") == file)
        #expect(try PrincipalsFile.parse("principals:\n  - {name: a, roles: [viewer], tokens: }\n", source: "p").entries.first?.tokenHashes == [])
    }
}
