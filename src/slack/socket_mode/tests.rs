//! Socket Mode envelopes, acknowledgements and reconnect timing.

use super::*;

#[test]
fn backoff_doubles_up_to_the_cap_with_jitter() {
    let timing = SocketTiming {
        backoff_base: Duration::from_millis(100),
        backoff_max: Duration::from_secs(2),
        ..SocketTiming::default()
    };
    for _ in 0..50 {
        let first = backoff(&timing, 0);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let third = backoff(&timing, 2);
        assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
        let late = backoff(&timing, 40);
        assert!(late >= Duration::from_secs(1) && late <= Duration::from_secs(2));
    }
    let spread: std::collections::HashSet<_> = (0..20).map(|_| backoff(&timing, 3)).collect();
    assert!(spread.len() > 1, "jittered");
}
