import Foundation
import SluiceKit
import Testing

@Suite struct SluiceConnectionTests {
    @Test func givenAddressesWinOverTheEnvironmentWhichWinsOverTheDefaults() {
        let environment = ["SLUICE_ADMIN": "tcp://10.0.0.1:7100", "SLUICE_CATALOG": ""]
        let endpoints = SluiceEndpoints(scheduler: "ipc:///run/scheduler.ipc", environment: environment)
        #expect(endpoints.admin == "tcp://10.0.0.1:7100")
        #expect(endpoints.scheduler == "ipc:///run/scheduler.ipc")
        #expect(endpoints.catalog == "tcp://127.0.0.1:7300", "an empty variable is no setting")
    }

    @Test func healthReportsEachServiceThatDoesNotAnswer() async throws {
        let nowhere = "inproc://sluice-kit-test-\(UUID().uuidString)"
        let deployment = try SluiceConnection(endpoints: SluiceEndpoints(
            admin: nowhere + "-a", scheduler: nowhere + "-s", catalog: nowhere + "-c", environment: [:]))
        let answers = await deployment.health(timeout: .milliseconds(100))
        #expect(answers.map(\.service) == ["admin", "scheduler", "catalog"])
        for answer in answers {
            guard case .failure(let error) = answer.result else { Issue.record("\(answer.service) answered"); continue }
            #expect(error.code == .deadlineExceeded)
            #expect(error.message.contains(answer.address))
        }
        await deployment.close()
    }
}
