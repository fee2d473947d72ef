/// The read-only views through which other modules (metrics) read feedback in their own SQL.
///
/// Frozen once released (migration `feedback.v1`); a change of columns is a new view with the
/// next version. Times are milliseconds since 1970 (UTC).
public enum FeedbackViews {
    /// Every NPS answer: `id, customer_id, score (0–10), category (promoter|passive|detractor),
    /// source (nps: nps.submit, survey: a survey's nps question), at`. Skipped questions are absent.
    public static let npsAnswers = "feedback_nps_v1"
    /// Every review: `id, source, rating (1–5), negative (0|1), public (0|1), customer_id, topics
    /// (a JSON array of strings), at`.
    public static let reviews = "feedback_review_v1"
    /// Every complaint: `id, customer_id, category, at, responded_at (first staff response),
    /// resolved_at`.
    public static let complaints = "feedback_complaint_v1"
    /// Every survey response: `id, survey_id, customer_id, order_id, at`.
    public static let surveyResponses = "feedback_survey_response_v1"
}
