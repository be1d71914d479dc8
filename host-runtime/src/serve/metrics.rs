//! Prometheus metrics at `/metrics` (OpenMetrics text): requests and their latency per
//! operation, guest faults, resource limits, requests refused as busy, calls in flight.
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Request {
    operation: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Operation {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Limit {
    kind: String,
}

/// Latency buckets, in seconds: 100 µs to 10 s (the default time limit).
const BUCKETS: [f64; 16] = [
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0,
];

fn histogram() -> Histogram {
    Histogram::new(BUCKETS)
}

/// The server's metrics and their registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<Request, Counter>,
    latency: Family<Operation, Histogram, fn() -> Histogram>,
    faults: Counter,
    limits: Family<Limit, Counter>,
    busy: Counter,
    /// Calls running in the component or waiting for a worker.
    pub in_flight: Gauge<i64, std::sync::atomic::AtomicI64>,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("thanthien");
        let requests = Family::<Request, Counter>::default();
        let latency = Family::<Operation, Histogram, fn() -> Histogram>::new_with_constructor(
            histogram as fn() -> Histogram,
        );
        let faults = Counter::<u64, AtomicU64>::default();
        let limits = Family::<Limit, Counter>::default();
        let busy = Counter::<u64, AtomicU64>::default();
        let in_flight = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests by operation (or route) and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from the request's head to its answer, by operation (or route)",
            latency.clone(),
        );
        registry.register(
            "guest_faults",
            "Calls the component trapped on (answered internal_error)",
            faults.clone(),
        );
        registry.register(
            "resource_limits",
            "Calls stopped by a limit, by kind (time, fuel, memory)",
            limits.clone(),
        );
        registry.register(
            "busy_rejections",
            "Calls refused with 503 server_busy because every worker and queue place was taken",
            busy.clone(),
        );
        registry.register(
            "calls_in_flight",
            "Calls running in the component or queued for a worker",
            in_flight.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            faults,
            limits,
            busy,
            in_flight,
        }
    }

    /// One answered request.
    pub fn observe(&self, operation: &str, status: u16, seconds: f64) {
        let operation = operation.to_owned();
        self.requests
            .get_or_create(&Request {
                operation: operation.clone(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&Operation { operation })
            .observe(seconds);
    }

    /// A call the component did not answer (`kind` from `CallFailure::kind`).
    pub fn failure(&self, kind: &str) {
        if kind == "guest_fault" {
            self.faults.inc();
        } else {
            self.limits
                .get_or_create(&Limit {
                    kind: kind.to_owned(),
                })
                .inc();
        }
    }

    pub fn busy(&self) {
        self.busy.inc();
    }

    /// The OpenMetrics text.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
