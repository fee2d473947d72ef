public import NIOCore

/// Cuts a byte stream into lines without ever holding more than one line's worth of bytes.
///
/// NIO's `LineBasedFrameDecoder` has no length cap, and `maximumBufferSize` tears the channel
/// down; Rapport wants to answer an over-long line with an error and keep going. So the framer
/// reports ``Frame/tooLong`` as soon as a line passes the limit, drops its bytes as they arrive
/// up to the next `\n`, and resumes its newline search where it stopped (no rescanning). A `\r`
/// before the `\n` is dropped; empty lines are skipped.
public struct LineFramer: Sendable {
    /// What the framer found.
    public enum Frame: Equatable, Sendable {
        /// A complete line, without its terminator.
        case line(ByteBuffer)
        /// A line longer than the limit; its bytes are being dropped.
        case tooLong
    }

    /// The longest line accepted, in bytes, terminator excluded.
    public let maxLineBytes: Int
    private var isDiscarding = false
    /// How many readable bytes were already searched for a newline.
    private var scanned = 0

    /// Creates a framer for lines of at most `maxLineBytes` bytes.
    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Takes the next frame out of `buffer`, or returns nil when more bytes are needed.
    public mutating func next(from buffer: inout ByteBuffer) -> Frame? {
        while true {
            let view = buffer.readableBytesView
            let searchStart = view.startIndex + scanned
            guard let newline = view[searchStart...].firstIndex(of: UInt8(ascii: "\n")) else {
                if isDiscarding {
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                    scanned = 0
                    return nil
                }
                if buffer.readableBytes > maxLineBytes + 1 {  // + 1 leaves room for a `\r`
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                    scanned = 0
                    isDiscarding = true
                    return .tooLong
                }
                scanned = buffer.readableBytes
                return nil
            }
            let lineLength = newline - view.startIndex
            scanned = 0
            if isDiscarding {
                buffer.moveReaderIndex(forwardBy: lineLength + 1)
                isDiscarding = false
                continue
            }
            var line = buffer.readSlice(length: lineLength)!
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
            if line.readableBytes > maxLineBytes { return .tooLong }
            if line.readableBytes == 0 { continue }
            return .line(line)
        }
    }

    /// At end of input: the unterminated last line, if any (executed like any other line).
    public mutating func finish(_ buffer: inout ByteBuffer) -> Frame? {
        defer {
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            scanned = 0
        }
        if isDiscarding {
            isDiscarding = false
            return nil
        }
        guard buffer.readableBytes > 0 else { return nil }
        if buffer.readableBytes > maxLineBytes { return .tooLong }
        var line = buffer.readSlice(length: buffer.readableBytes)!
        if line.readableBytesView.last == UInt8(ascii: "\r") { line.moveWriterIndex(to: line.writerIndex - 1) }
        return line.readableBytes == 0 ? nil : .line(line)
    }
}
