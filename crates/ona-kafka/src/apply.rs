//! Turning one poll's worth of messages into engine batches: grouped per
//! (partition, tenant, graph), applied with their source position and
//! event ids; rows the engine refuses become dead letters.

use std::collections::HashMap;
use std::time::Duration;

use ona_engine::{EventBatch, Keys, Limit, Op, Tenant};

use crate::error::{Error, Result};
use crate::schema::{EdgeEvent, Rejection};

/// One consumed message, parsed (or not).
#[derive(Debug)]
pub(crate) struct Consumed {
    pub(crate) partition: u32,
    pub(crate) offset: i64,
    pub(crate) key: Option<Vec<u8>>,
    /// The original bytes (a dead letter carries them unchanged).
    pub(crate) payload: Vec<u8>,
    /// The event, or why it is rejected.
    pub(crate) event: std::result::Result<EdgeEvent, Rejection>,
}

/// What applying one group did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct GroupOutcome {
    pub(crate) applied: u64,
    pub(crate) skipped: u64,
}

/// A row the engine refused, to be dead-lettered.
#[derive(Debug)]
pub(crate) struct Refused {
    /// Index into the consumed messages.
    pub(crate) index: usize,
    pub(crate) rejection: Rejection,
}

/// Group the parsed events of one partition by (tenant, graph), keeping
/// offset order inside each group. Returns indices into `msgs`.
pub(crate) fn group(msgs: &[Consumed], partition: u32) -> Vec<((&str, &str), Vec<usize>)> {
    let mut order: Vec<((&str, &str), Vec<usize>)> = Vec::new();
    let mut at: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, m) in msgs.iter().enumerate() {
        if m.partition != partition {
            continue;
        }
        if let Ok(e) = &m.event {
            let k = (e.tenant.as_str(), e.graph.as_str());
            let slot = *at.entry(k).or_insert_with(|| {
                order.push((k, Vec::new()));
                order.len() - 1
            });
            order[slot].1.push(i);
        }
    }
    order
}

/// Apply the events `rows` (indices into `msgs`, all of one partition,
/// tenant and graph, in offset order) to `tenant`'s `graph`.
///
/// The batch's position is `(source, partition, last + 1 - n)`: the rows
/// are a subsequence of the partition, so the offset the engine assumes for
/// row `i` is never below its true offset. The engine's "skip rows below the
/// stored next offset" therefore never skips a row it has not applied, and
/// the next offset it stores (`last + 1`) is exact; a redelivered row above
/// that bound is skipped by its event id.
///
/// A row refused by the engine's checks (`InvalidEvent`) is taken out and
/// the rest retried; a tier limit or conflict refuses the whole group
/// (dead-lettered as `refused`); the streaming rate limit is waited out.
/// Other engine errors (I/O, corruption) are returned.
pub(crate) fn apply_group(
    tenant: &Tenant,
    graph: &str,
    source: &str,
    partition: u32,
    msgs: &[Consumed],
    rows: &[usize],
    refused: &mut Vec<Refused>,
) -> Result<GroupOutcome> {
    let mut rows: Vec<usize> = rows.to_vec();
    let mut out = GroupOutcome::default();
    let (mut done, mut chunk) = (0, rows.len());
    while done < rows.len() {
        let part = &rows[done..rows.len().min(done + chunk)];
        let events: Vec<&EdgeEvent> = part.iter().filter_map(|&i| msgs[i].event.as_ref().ok()).collect();
        let Some(&last) = part.last() else { break };
        let n = events.len();
        let src: Vec<&str> = events.iter().map(|e| e.src.as_str()).collect();
        let dst: Vec<&str> = events.iter().map(|e| e.dst.as_str()).collect();
        let w: Vec<f64> = events.iter().map(|e| e.weight).collect();
        let ts: Vec<i64> = events.iter().map(|e| e.ts).collect();
        let ops: Vec<Op> = events.iter().map(|e| e.op).collect();
        let ids: Vec<u64> = events.iter().map(|e| e.id).collect();
        let last_offset = u64::try_from(msgs[last].offset).unwrap_or(0);
        let first = (last_offset + 1).saturating_sub(n as u64);
        let batch = EventBatch::new(Keys::Str(&src), Keys::Str(&dst))
            .weights(&w)
            .times(&ts)
            .ops(&ops)
            .event_ids(&ids)
            .position(source, partition, first);
        match tenant.apply(graph, &batch) {
            Ok(a) => {
                out.applied += a.applied;
                out.skipped += a.skipped;
                done += part.len();
            }
            Err(ona_engine::Error::InvalidEvent { row, reason, .. }) => {
                let at = done + usize::try_from(row).unwrap_or(usize::MAX).min(part.len() - 1);
                let index = rows.remove(at);
                refused.push(Refused { index, rejection: Rejection::new("invalid_event", reason) });
            }
            Err(ona_engine::Error::LimitExceeded { limit: Limit::EventsPerSecond, requested, allowed, .. }) => {
                if requested > allowed {
                    // More than a second's worth: apply it in pieces.
                    chunk = usize::try_from(allowed).unwrap_or(1).max(1);
                } else {
                    // The tenant's bucket refills within a second.
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            Err(
                e @ (ona_engine::Error::LimitExceeded { .. } | ona_engine::Error::Conflict { .. } | ona_engine::Error::InvalidName { .. }),
            ) => {
                let reason = e.to_string();
                refused.extend(part.iter().map(|&index| Refused { index, rejection: Rejection::new("refused", reason.clone()) }));
                done += part.len();
            }
            Err(e) => return Err(Error::engine(partition)(e)),
        }
    }
    Ok(out)
}
