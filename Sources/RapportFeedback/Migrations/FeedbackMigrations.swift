import GRDB
import RapportStorage

/// The feedback module's schema. Frozen once released: changes are new migrations.
///
/// Times are milliseconds since 1970 (UTC). Customers are named by id only (no foreign key into
/// another module's tables); a merge moves them, an erasure empties their texts.
///
/// - `feedback_survey_tally` keeps each survey's answers counted per UTC day (`span` 86400000)
///   and per hour (`span` 3600000) as they arrive, so that results read whole days, the whole
///   hours at either end and only the responses of the two partial hours.
/// - `feedback_survey_text` holds the free text of responses (text answers and, under the
///   question id `''`, comments), apart from the answers an erasure keeps.
/// - `feedback_nps` holds every NPS answer, from `nps.submit` and from surveys' nps questions.
/// - `feedback_followup` is the handling of each review, complaint and detractor answer: its
///   deadline, responses and resolution; the inbox reads its partial index in deadline order.
enum FeedbackMigrations {
    static func register(in plan: inout MigrationPlan) {
        plan.register("feedback.v1") { db in
            try db.execute(sql: ModuleSettings.createTableSQL("feedback_config"))
            try db.execute(
                sql: """
                    CREATE TABLE feedback_survey (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        purpose TEXT NOT NULL,
                        questions TEXT NOT NULL,
                        allow_multiple INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        responses INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL,
                        closed_at INTEGER
                    );

                    CREATE TABLE feedback_survey_response (
                        id TEXT PRIMARY KEY NOT NULL,
                        survey_id TEXT NOT NULL REFERENCES feedback_survey(id),
                        customer_id TEXT,
                        order_id TEXT,
                        answers TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX feedback_survey_response_by_survey ON feedback_survey_response(survey_id, at);
                    CREATE INDEX feedback_survey_response_by_customer ON feedback_survey_response(customer_id, survey_id, at)
                        WHERE customer_id IS NOT NULL;

                    CREATE TABLE feedback_survey_text (
                        response_id TEXT NOT NULL REFERENCES feedback_survey_response(id),
                        question_id TEXT NOT NULL,
                        survey_id TEXT NOT NULL,
                        customer_id TEXT,
                        text TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        PRIMARY KEY (response_id, question_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX feedback_survey_text_by_question ON feedback_survey_text(survey_id, question_id, at, response_id);
                    CREATE INDEX feedback_survey_text_by_customer ON feedback_survey_text(customer_id) WHERE customer_id IS NOT NULL;

                    CREATE TABLE feedback_survey_tally (
                        survey_id TEXT NOT NULL,
                        span INTEGER NOT NULL,
                        bucket INTEGER NOT NULL,
                        question_id TEXT NOT NULL,
                        value TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (survey_id, span, bucket, question_id, value)
                    ) WITHOUT ROWID;

                    CREATE TABLE feedback_nps (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT,
                        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
                        category TEXT NOT NULL,
                        comment TEXT,
                        channel TEXT,
                        response_id TEXT,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX feedback_nps_by_at ON feedback_nps(at);
                    CREATE INDEX feedback_nps_by_customer ON feedback_nps(customer_id, at, id) WHERE customer_id IS NOT NULL;

                    CREATE TABLE feedback_review (
                        id TEXT PRIMARY KEY NOT NULL,
                        source TEXT NOT NULL,
                        external_id TEXT,
                        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
                        text TEXT,
                        author TEXT,
                        url TEXT,
                        customer_id TEXT,
                        topics TEXT NOT NULL,
                        public INTEGER NOT NULL,
                        negative INTEGER NOT NULL,
                        at INTEGER NOT NULL,
                        recorded_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL,
                        edits INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE UNIQUE INDEX feedback_review_by_external ON feedback_review(source, external_id) WHERE external_id IS NOT NULL;
                    CREATE INDEX feedback_review_by_at ON feedback_review(at, id);
                    CREATE INDEX feedback_review_by_customer ON feedback_review(customer_id, at, id) WHERE customer_id IS NOT NULL;

                    CREATE TABLE feedback_complaint (
                        id TEXT PRIMARY KEY NOT NULL,
                        customer_id TEXT NOT NULL,
                        category TEXT NOT NULL,
                        text TEXT,
                        channel TEXT,
                        order_id TEXT,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX feedback_complaint_by_customer ON feedback_complaint(customer_id, at, id);
                    CREATE INDEX feedback_complaint_by_at ON feedback_complaint(at, id);

                    CREATE TABLE feedback_followup (
                        item_id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        customer_id TEXT,
                        public INTEGER NOT NULL,
                        needs_attention INTEGER NOT NULL,
                        opened_at INTEGER NOT NULL,
                        deadline INTEGER,
                        assigned_to TEXT,
                        assigned_at INTEGER,
                        first_response_at INTEGER,
                        staff_response_at INTEGER,
                        answered INTEGER NOT NULL DEFAULT 0,
                        resolved_at INTEGER,
                        resolution TEXT,
                        compensation TEXT
                    ) WITHOUT ROWID;
                    CREATE INDEX feedback_followup_inbox ON feedback_followup(answered, deadline, item_id)
                        WHERE needs_attention = 1 AND resolved_at IS NULL;
                    CREATE INDEX feedback_followup_by_customer ON feedback_followup(customer_id, kind) WHERE customer_id IS NOT NULL;
                    CREATE INDEX feedback_followup_by_opened ON feedback_followup(opened_at);

                    CREATE TABLE feedback_reply (
                        id TEXT PRIMARY KEY NOT NULL,
                        item_id TEXT NOT NULL REFERENCES feedback_followup(item_id),
                        text TEXT,
                        by TEXT NOT NULL,
                        by_kind TEXT NOT NULL,
                        at INTEGER NOT NULL
                    );
                    CREATE INDEX feedback_reply_by_item ON feedback_reply(item_id, at);

                    CREATE VIEW \(FeedbackViews.npsAnswers) AS
                        SELECT id, customer_id, score, category, CASE WHEN response_id IS NULL THEN 'nps' ELSE 'survey' END AS source, at
                        FROM feedback_nps;
                    CREATE VIEW \(FeedbackViews.reviews) AS
                        SELECT id, source, rating, negative, public, customer_id, topics, at FROM feedback_review;
                    CREATE VIEW \(FeedbackViews.complaints) AS
                        SELECT c.id, c.customer_id, c.category, c.at, f.staff_response_at AS responded_at, f.resolved_at
                        FROM feedback_complaint c JOIN feedback_followup f ON f.item_id = c.id;
                    CREATE VIEW \(FeedbackViews.surveyResponses) AS
                        SELECT id, survey_id, customer_id, order_id, at FROM feedback_survey_response;
                    """)
        }
        // The NPS of a window counts answers by score and source over a range of times; with the
        // score, source and customer in the index it reads no table row (metrics.nps over the
        // 2.5 million answers of a million-customer store).
        plan.register("feedback.v2") { db in
            try db.execute(
                sql: """
                    DROP INDEX feedback_nps_by_at;
                    CREATE INDEX feedback_nps_by_at ON feedback_nps(at, score, response_id, customer_id);
                    """)
        }
    }
}
