import RapportCore
import RapportJSON
import RapportRPC
import RapportStorage

/// The `events.subscribe` state of one session: its topics and its live subscription.
enum EventSubscriptions {
    private static let attachmentKey = "events.subscription"

    private struct State: Sendable {
        var topics: Set<String> = []
        var subscription: EventStream.Subscription?
        var cancelsOnClose = false
    }

    static func subscribe(
        _ topics: [String], session: Session, stream: EventStream, declared: [String]
    ) throws -> EventsSubscribe.Result {
        guard !topics.isEmpty else { throw RapportError.invalid("topics", "name at least one topic, prefix (order.*) or *") }
        for (index, topic) in topics.enumerated() where !isKnown(topic, declared: declared) {
            throw RapportError.invalid(
                "topics[\(index)]", "no event has topic \"\(topic)\"; known topics: \(declared.joined(separator: ", "))")
        }
        let (result, isFirst) = session.withAttachment(attachmentKey, default: State()) { state in
            state.topics.formUnion(topics)
            resubscribe(&state, session: session, stream: stream)
            defer { state.cancelsOnClose = true }
            return (EventsSubscribe.Result(topics: state.topics.sorted()), !state.cancelsOnClose)
        }
        if isFirst {
            session.onClose {
                session.withAttachment(attachmentKey, default: State()) { state in
                    state.subscription?.cancel()
                    state.subscription = nil
                }
            }
        }
        return result
    }

    static func unsubscribe(_ topics: [String]?, session: Session, stream: EventStream) -> EventsSubscribe.Result {
        session.withAttachment(attachmentKey, default: State()) { state in
            if let topics { state.topics.subtract(topics) } else { state.topics = [] }
            resubscribe(&state, session: session, stream: stream)
            return EventsSubscribe.Result(topics: state.topics.sorted())
        }
    }

    private static func resubscribe(_ state: inout State, session: Session, stream: EventStream) {
        state.subscription?.cancel()
        state.subscription = nil
        guard !state.topics.isEmpty else { return }
        state.subscription = stream.subscribe(topics: Array(state.topics)) { [weak session] event in
            guard let session else { return }
            var params = JSONObject()
            params.append(key: "topic", value: .string(event.topic))
            params.append(key: "seq", value: .int(event.seq))
            params.append(key: "at", value: .string(event.at.rfc3339))
            params.append(key: "data", value: event.data)
            session.notify(method: "event", params: .object(params))
        }
    }

    private static func isKnown(_ pattern: String, declared: [String]) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return declared.contains { $0.hasPrefix(pattern.dropLast(1)) } }
        return declared.contains(pattern)
    }
}
