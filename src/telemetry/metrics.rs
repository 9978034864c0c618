//! Prometheus metrics: one process-wide recorder (the `metrics` facade allows exactly one),
//! named series recorded through the small functions below so every label set stays bounded,
//! and rendered in Prometheus's text format at `GET /metrics`.

use std::sync::OnceLock;
use std::time::Duration;

use ::metrics::{Counter, Gauge, Histogram, counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::series::Series;

/// Upper bounds of the acknowledgement histogram: Slack gives up after three seconds.
const ACK_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0,
];

/// How often histogram samples are folded into their buckets (see [`keep_up`]).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// Where `GET /metrics` reads from; `None` when metrics are off or could not be installed.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    handle: Option<PrometheusHandle>,
}

impl Metrics {
    /// Metrics off: the endpoint is not served and recording costs nothing.
    pub fn off() -> Self {
        Self::default()
    }

    /// Installs the process's recorder on first use and shares it afterwards, so building
    /// several applications in one process (tests, the CLI) is harmless: they all report into
    /// the same series, as they would share the process's CPU.
    pub fn install() -> Self {
        static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
        let handle = HANDLE.get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("mops_ack_duration_seconds".into()),
                    ACK_BUCKETS,
                )
                .map(PrometheusBuilder::build_recorder);
            let recorder = match recorder {
                Ok(recorder) => recorder,
                Err(error) => {
                    tracing::warn!(%error, "metrics are off: the recorder could not be built");
                    return None;
                }
            };
            let handle = recorder.handle();
            match ::metrics::set_global_recorder(recorder) {
                Ok(()) => {
                    super::series::installed();
                    describe();
                    keep_up(handle.clone());
                    Some(handle)
                }
                Err(_) => {
                    tracing::warn!("metrics are off: another metrics recorder is installed");
                    None
                }
            }
        });
        Self {
            handle: handle.clone(),
        }
    }

    pub fn is_on(&self) -> bool {
        self.handle.is_some()
    }

    /// The current values in Prometheus's text format.
    pub fn render(&self) -> Option<String> {
        let handle = self.handle.as_ref()?;
        // Samples since the last upkeep (see `keep_up`) are folded in first, so none is missed.
        handle.run_upkeep();
        Some(handle.render())
    }
}

/// The exporter keeps every histogram sample (16 bytes) until upkeep folds it into the
/// buckets, and leaves upkeep to its caller when, as here, it serves no HTTP of its own. Done
/// only when `/metrics` was scraped, memory grew with every request while nothing scraped.
/// A thread of its own does it every few seconds for the life of the process.
fn keep_up(handle: PrometheusHandle) {
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".into())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_EVERY);
                handle.run_upkeep();
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "histogram samples are folded only when /metrics is scraped");
    }
}

fn describe() {
    use ::metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "mops_requests_total",
        "HTTP requests answered, by route and status"
    );
    describe_histogram!(
        "mops_ack_duration_seconds",
        Unit::Seconds,
        "Time to answer an HTTP request (Slack's acknowledgement), by route"
    );
    describe_counter!(
        "mops_replies_total",
        "Background replies: delivered, failed, or refused as busy"
    );
    describe_counter!(
        "mops_answers_total",
        "Answers given, by topic (`none` when the matcher was not sure)"
    );
    describe_counter!("mops_nudges_total", "Weekly nudge deliveries, by outcome");
    describe_counter!(
        "mops_nudge_runs_total",
        "Scheduler runs finished (each handles everything due at its instant once)"
    );
    describe_counter!(
        "mops_nudge_workspace_waits_total",
        "Nudge deliveries that waited because their workspace had its most posts in flight"
    );
    describe_counter!(
        "mops_slack_api_calls_total",
        "Calls to Slack (Web API methods and response_url), by outcome"
    );
    describe_gauge!(
        "mops_work_in_flight",
        "Background work (replies, deliveries) running now"
    );
    describe_gauge!(
        "mops_socket_mode_connected",
        "1 while a Socket Mode connection is open"
    );
}

/// One HTTP request: `route` is the matched route pattern (never the raw path, so the label
/// set stays bounded), or `unmatched`.
pub fn request(route: &str, status: u16, took: Duration) {
    static SERIES: Series<(String, u16), (Counter, Histogram)> = Series::new();
    SERIES.with(
        |(r, s)| *s == status && r == route,
        || {
            let requests = counter!("mops_requests_total", "route" => route.to_owned(), "status" => status.to_string());
            let ack = histogram!("mops_ack_duration_seconds", "route" => route.to_owned());
            ((route.to_owned(), status), (requests, ack))
        },
        |(requests, ack)| {
            requests.increment(1);
            ack.record(took);
        },
    );
}

/// How a background reply ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyOutcome {
    Delivered,
    Failed,
    /// Slack's answer was ambiguous (timeout, reset, 5xx); not sent again.
    PossiblyDelivered,
    /// Refused because the bot was at its limit of work in flight.
    Busy,
}

pub fn reply(outcome: ReplyOutcome) {
    static SERIES: Series<ReplyOutcome, Counter> = Series::new();
    SERIES.with(
        |o| *o == outcome,
        || {
            let label = match outcome {
                ReplyOutcome::Delivered => "delivered",
                ReplyOutcome::Failed => "failed",
                ReplyOutcome::PossiblyDelivered => "possibly_delivered",
                ReplyOutcome::Busy => "busy",
            };
            (outcome, counter!("mops_replies_total", "outcome" => label))
        },
        |replies| replies.increment(1),
    );
}

/// An answer about `topic` (a pack id from the library, so bounded), or `None` for "not sure".
pub fn answer(topic: Option<&str>) {
    static SERIES: Series<String, Counter> = Series::new();
    let topic = topic.unwrap_or("none");
    SERIES.with(
        |t| t == topic,
        || {
            let answers = counter!("mops_answers_total", "topic" => topic.to_owned());
            (topic.to_owned(), answers)
        },
        |answers| answers.increment(1),
    );
}

/// A nudge delivery's outcome: `sent`, `possibly_delivered`, `failed` or `skipped`.
pub fn nudge(outcome: &'static str) {
    counter!("mops_nudges_total", "outcome" => outcome).increment(1);
}

/// A scheduler run finished: a scheduler that stopped running shows as a flat line.
pub fn nudge_run() {
    counter!("mops_nudge_runs_total").increment(1);
}

/// A nudge delivery waited for its workspace's cap on posts in flight.
pub fn nudge_workspace_wait() {
    counter!("mops_nudge_workspace_waits_total").increment(1);
}

/// One call to Slack: `method` is a Web API method name from this code (or `response_url`),
/// `outcome` one of `ok`, `rate_limited`, `slack_error`, `http_error`, `unreachable`, `bad_response`.
pub fn slack_call(method: &str, outcome: &'static str) {
    static SERIES: Series<(String, &'static str), Counter> = Series::new();
    SERIES.with(
        |(m, o)| *o == outcome && m == method,
        || {
            let calls = counter!("mops_slack_api_calls_total", "method" => method.to_owned(), "outcome" => outcome);
            ((method.to_owned(), outcome), calls)
        },
        |calls| calls.increment(1),
    );
}

pub fn work_in_flight(n: usize) {
    static SERIES: Series<(), Gauge> = Series::new();
    SERIES.with(
        |()| true,
        || ((), gauge!("mops_work_in_flight")),
        |in_flight| in_flight.set(n as f64),
    );
}

pub fn socket_mode_connected(open: bool) {
    gauge!("mops_socket_mode_connected").set(if open { 1.0 } else { 0.0 });
}
