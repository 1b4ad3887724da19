//! Meeting-device de-duplication throughput and memory.
//!
//! `cargo bench -p zoom-normalize --bench dedupe`: folds 100,000 and
//! 1,000,000 participant rows over 20,000 distinct devices (MACs in mixed
//! formats, rejoins, rows without a device) and reports rows per second and
//! the bytes allocated, which should depend on the devices, not the rows.

use chrono::{DateTime, Duration, Utc};
use divan::counter::ItemsCount;
use divan::{AllocProfiler, Bencher};
use zoom_normalize::{MeetingDevices, ParticipantRow};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const DEVICES: usize = 20_000;

struct Fleet {
    macs: Vec<[String; 2]>,
    hosts: Vec<String>,
    emails: Vec<String>,
    meetings: Vec<String>,
    start: DateTime<Utc>,
}

fn fleet() -> Fleet {
    Fleet {
        macs: (0..DEVICES)
            .map(|i| {
                let b = (i as u64).to_be_bytes();
                [
                    format!("02-00-{:02X}-{:02X}-{:02X}-{:02X}", b[4], b[5], b[6], b[7]),
                    format!("02:00:{:02x}:{:02x}:{:02x}:{:02x}", b[4], b[5], b[6], b[7]),
                ]
            })
            .collect(),
        hosts: (0..DEVICES).map(|i| format!("LAPTOP-{i:05}")).collect(),
        emails: (0..DEVICES)
            .map(|i| format!("user{i}@acme.example"))
            .collect(),
        meetings: (0..5_000).map(|i| format!("meeting-{i}==")).collect(),
        start: DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000),
    }
}

fn fold(fleet: &Fleet, rows: usize) -> usize {
    let mut devices = MeetingDevices::new();
    for n in 0..rows {
        let device = (n * 7919) % DEVICES;
        let external = n % 10 == 9;
        let row = ParticipantRow {
            meeting_uuid: &fleet.meetings[n / 200 % fleet.meetings.len()],
            pc_name: (!external).then(|| fleet.hosts[device].as_str()),
            domain: Some("CORP"),
            mac_addr: (!external).then(|| fleet.macs[device][n % 2].as_str()),
            ip_address: Some("10.1.2.3"),
            device: Some("Windows"),
            version: Some("6.2.0.51234"),
            email: Some(fleet.emails[device].as_str()),
            location: None,
            network_type: Some("Wifi"),
            join_time: Some(fleet.start + Duration::seconds(n as i64)),
        };
        devices.add(&row);
    }
    devices.into_devices(true).count()
}

#[divan::bench(args = [100_000, 1_000_000], sample_count = 5, sample_size = 1)]
fn dedupe(bencher: Bencher, rows: usize) {
    let fleet = fleet();
    bencher
        .counter(ItemsCount::new(rows))
        .bench_local(|| fold(&fleet, divan::black_box(rows)));
}

fn main() {
    divan::main();
}
