import SluiceCore
import SluiceWire
import Testing

@Suite struct MapElementIDsTests {
    @Test func onlyAnIndexInBracketsAfterTheMapIdIsAnElement() {
        #expect(MapElementIDs.isElement("thumbs[3]", of: "thumbs"))
        #expect(MapElementIDs.isElement("sub/thumbs[12]", of: "sub/thumbs"))
        #expect(MapElementIDs.id(of: 7, in: "m") == "m[7]")
        for id in ["thumbs[]", "thumbs[x]", "thumbs3]", "thumbs/a", "thumbsy[1]", "thumbs[1]x", "other[1]"] {
            #expect(!MapElementIDs.isElement(id, of: "thumbs"), "\(id)")
        }
        #expect(!MapElementIDs.isElement("[1]", of: ""))
    }

    @Test func endedElementsAreCountedByHowTheyEnded() {
        var counts = ElementCounts()
        counts.count(NodeExecution(phase: .succeeded, cache: CacheInfo(status: .hit)))
        counts.count(NodeExecution(phase: .succeeded))
        counts.count(NodeExecution(phase: .timedOut))
        counts.count(NodeExecution(phase: .aborted))
        counts.count(NodeExecution(phase: .running))
        #expect(counts == ElementCounts(succeeded: 2, cached: 1, failed: 1, aborted: 1))
    }
}
