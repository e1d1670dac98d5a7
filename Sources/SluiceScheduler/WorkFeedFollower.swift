import Logging
import SluiceRPC
import SluiceWire

/// Follows admin's work feed: on start, takes over every active execution; then long-polls
/// the feed from the cursor admin gave with that list, so no new execution or abort is
/// missed and none waits for a polling interval.
struct WorkFeedFollower: Sendable {
    let admin: AdminClient
    let core: SchedulerCore
    let logger: Logger
    var pollWait: Duration = .seconds(10)

    func run() async {
        var held = HeldWorkflows()
        var cursor = await rebuild(&held)
        await core.tookOverActiveExecutions()
        var delay: Duration = .milliseconds(50)
        var outage = false
        while !Task.isCancelled {
            do {
                let reply = try await admin.call(
                    .pollWork(PollWorkRequest(afterCursor: cursor, maxItems: 1000, waitMs: UInt32(pollWait.components.seconds * 1000))),
                    timeout: pollWait + .seconds(5))
                guard case .pollWork(let work) = reply else { continue }
                if outage {
                    outage = false
                    logger.info("admin's work feed reachable again")
                }
                delay = .milliseconds(50)
                for item in work.items { await handle(item, &held) }
                cursor = max(cursor, work.cursor)
            } catch is CancellationError {
                return
            } catch {
                if !outage {
                    outage = true
                    logger.warning("cannot read admin's work feed, retrying: \(error)")
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }

    private func handle(_ item: WorkItem, _ held: inout HeldWorkflows) async {
        switch item.item {
        case .created(let execution):
            // Most executions run a workflow started before: they start without a round trip.
            if let state = held.stateOfNew(execution, workflowDigest: item.workflowDigest) {
                await core.adopt(state)
            } else if let state = await state(of: item.executionID, running: execution.spec?.workflow, &held) {
                await core.adopt(state)
            }
        case .abort(let request):
            var info = AbortInfo()
            info.reason = request.reason
            info.actor = request.actor
            await core.abort(item.executionID, info)
        case .signal(let signal):
            await core.signal(item.executionID, signal)
        case nil:
            break
        }
    }

    /// Takes over every execution admin lists as active; returns the feed cursor to follow from.
    private func rebuild(_ held: inout HeldWorkflows) async -> UInt64 {
        var delay: Duration = .milliseconds(50)
        while !Task.isCancelled {
            do {
                var ids: [String] = []
                var pageToken = ""
                var cursor: UInt64 = 0
                repeat {
                    let reply = try await admin.call(
                        .listActiveExecutions(ListActiveExecutionsRequest(limit: 1000, pageToken: pageToken)),
                        timeout: .seconds(10))
                    guard case .listActiveExecutions(let page) = reply else { break }
                    ids += page.executionIDs
                    pageToken = page.nextPageToken
                    // The last page's cursor: an execution created while the pages were read is
                    // on a later page, so its created item must not come again from the feed
                    // (it would start from the item, or start again after it ended). Aborts and
                    // signals of the pages read before are in the states, asked for below.
                    cursor = page.feedCursor
                } while !pageToken.isEmpty
                for id in ids {
                    if let state = await state(of: id, running: nil, &held) { await core.adopt(state) }
                }
                if !ids.isEmpty { logger.info("took over \(ids.count) active execution(s)") }
                return cursor
            } catch {
                logger.warning("cannot list active executions, retrying: \(error)")
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
        return 0
    }

    /// The execution's state, with its compiled workflow. `workflow`, when known, lets admin
    /// leave out a workflow this scheduler holds.
    private func state(of executionID: String, running workflow: Identifier?, _ held: inout HeldWorkflows) async -> ExecutionState? {
        var delay: Duration = .milliseconds(50)
        var heldDigest = held.digest(of: workflow)
        for _ in 0..<20 {
            do {
                let reply = try await admin.call(
                    .getExecutionState(GetExecutionStateRequest(executionID: executionID, heldWorkflowDigest: heldDigest)),
                    timeout: .seconds(10))
                guard case .getExecutionState(let response) = reply, var state = response.state else { return nil }
                try await readRemainingNodes(of: &state)
                if let complete = held.complete(state) { return complete }
                // Left out, yet not the workflow held: ask again for the whole state.
                heldDigest = ""
                continue
            } catch let error as ServiceError where !SchedulerCore.isTransient(error) {
                logger.error("cannot load execution \(executionID): \(error.message)")
                return nil
            } catch {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
        logger.error("gave up loading execution \(executionID)")
        return nil
    }

    /// The nodes past the state's first page (the elements of a large map), a page at a time.
    /// The scheduler records nothing for the execution until it is rebuilt, so the pages read
    /// after the state agree with it.
    private func readRemainingNodes(of state: inout ExecutionState) async throws {
        var token = state.nextNodesPageToken
        while !token.isEmpty {
            let request = ListNodeExecutionsRequest(
                executionID: state.execution?.id ?? "", limit: 10_000, pageToken: token)
            let reply = try await admin.call(.listNodeExecutions(request), timeout: .seconds(10))
            guard case .listNodeExecutions(let page) = reply, !page.nodes.isEmpty else {
                throw ServiceError(.malformedMessage, "admin answered a page of nodes without any")
            }
            state.nodes += page.nodes
            token = page.nextPageToken
        }
        if !state.nextNodesPageToken.isEmpty {
            logger.info("read execution \(state.execution?.id ?? "")'s \(state.nodes.count) nodes a page at a time")
        }
        state.nextNodesPageToken = ""
    }
}
