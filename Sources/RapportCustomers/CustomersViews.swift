/// The read-only views through which other modules read customers' data in their own SQL
/// (DESIGN §1): a module's SQL names only its own tables and other modules' views.
///
/// Each view is frozen once released (migration `customers.v4`); a change of columns is a new
/// view with the next version, so that a reader written against one never breaks.
public enum CustomersViews {
    /// Every recorded order: `id, customer_id, external_id, amount, refunded, channel, at`
    /// (times in milliseconds since 1970, money in minor units). A merged duplicate's orders
    /// belong to the customer merged into; an erased customer's orders stay.
    public static let orders = "customers_order_v1"
    /// Every customer's identity and order aggregates: `id, external_id, source, created_at,
    /// order_count, total_spent, first_order_at, last_order_at, erased_at, merged_into`.
    public static let customers = "customers_customer_v1"
    /// Every logged interaction: `id, customer_id, channel, direction, kind, cost, at` (cost in
    /// minor units; migration `customers.v5`).
    public static let interactions = "customers_interaction_v1"
}
