import NIOCore
import Testing

@testable import RapportServer

@Suite struct LineFramerTests {
    /// Feeds `input` in chunks of `chunkSize` bytes and collects every frame, as strings.
    func frames(_ input: String, chunkSize: Int, maxLineBytes: Int = 16, finish: Bool = true) -> [String] {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        var buffer = ByteBuffer()
        var frames: [String] = []
        func drain() {
            while let frame = framer.next(from: &buffer) { frames.append(describe(frame)) }
        }
        let bytes = Array(input.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            drain()
            #expect(buffer.readableBytes <= maxLineBytes + 1 + chunkSize, "never holds more than one line")
        }
        if finish, let last = framer.finish(&buffer) { frames.append(describe(last)) }
        return frames
    }

    func describe(_ frame: LineFramer.Frame) -> String {
        switch frame {
        case .line(let line): String(buffer: line)
        case .tooLong: "<too long>"
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func framesTheSameWhateverTheChunkSize(chunkSize: Int) {
        let input = "one\ntwo\r\n\n\nthree-is-16bytes\nthis line is far too long for the limit\nfour\nlast-no-newline"
        #expect(
            frames(input, chunkSize: chunkSize) == [
                "one", "two", "three-is-16bytes", "<too long>", "four", "last-no-newline",
            ])
    }

    @Test func anOverlongLineIsReportedOnceAndDroppedToItsNewline() {
        let long = String(repeating: "x", count: 10_000)
        #expect(frames("a\n\(long)\nb\n", chunkSize: 100) == ["a", "<too long>", "b"])
        #expect(frames("\(long)\(long)\nb\n", chunkSize: 1000) == ["<too long>", "b"])
    }

    @Test func anOverlongUnterminatedLastLineIsReportedOnce() {
        #expect(frames(String(repeating: "z", count: 100), chunkSize: 10) == ["<too long>"])
    }

    @Test func aLineOfExactlyTheLimitPasses() {
        #expect(frames(String(repeating: "k", count: 16) + "\r\n", chunkSize: 1) == [String(repeating: "k", count: 16)])
        #expect(frames(String(repeating: "k", count: 17) + "\n", chunkSize: 1) == ["<too long>"])
    }

    @Test func withoutFinishAPartialLineWaits() {
        #expect(frames("done\npartial", chunkSize: 3, finish: false) == ["done"])
    }
}

@Suite struct ReplySequencerTests {
    @Test func releasesRepliesInTicketOrder() {
        var sequencer = ReplySequencer()
        let tickets = (0..<5).map { _ in sequencer.reserve() }
        var output: [UInt8] = []
        sequencer.fulfil(tickets[2], with: Array("c".utf8)) { output.append(contentsOf: $0) }
        sequencer.fulfil(tickets[1], with: nil) { output.append(contentsOf: $0) }
        #expect(output.isEmpty)
        sequencer.fulfil(tickets[0], with: Array("a".utf8)) { output.append(contentsOf: $0) }
        #expect(String(decoding: output, as: UTF8.self) == "ac")
        sequencer.fulfil(tickets[4], with: Array("e".utf8)) { output.append(contentsOf: $0) }
        #expect(sequencer.outstanding == 2)
        sequencer.fulfil(tickets[3], with: Array("d".utf8)) { output.append(contentsOf: $0) }
        #expect(String(decoding: output, as: UTF8.self) == "acde")
        #expect(sequencer.outstanding == 0)
    }
}
