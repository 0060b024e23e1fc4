import { RosterCompletedV1 } from '../../../events/roster-completed.v1.js';
import { provinceCode } from '../../../shared/config.js';
import { piiVault } from '../../../shared/crypto/pii-vault.js';
import { contactText } from '../../../shared/identity/contact.js';
import { sqsConsumer } from '../../../shared/events/consumer.js';
import { logger } from '../../../shared/logger.js';
import { rosterRepository } from '../dependencies.js';
import { applyRow, departAbsent, type RiderChange } from '../domain/rider.js';
import type { RosterRow } from '../domain/roster.js';

const rosters = rosterRepository();
const vault = piiVault();
const RIDERS_PER_BATCH = 50;

/**
 * Applies a completed roster:
 * 1. each chunk's rows become riders (created, updated or unchanged), identified by the blind
 *    index of their ID number; changes are announced as RiderStatusChanged; the chunk's
 *    encrypted rows are then dropped;
 * 2. in a snapshot, the partner's active riders the roster left out depart;
 * 3. the roster's counts are set and it is completed.
 * Redelivered, it counts the same and announces nothing twice (riders remember which roster
 * last touched them and how, chunks what they did).
 */
export const handler = sqsConsumer([RosterCompletedV1], {
  RosterCompleted: async ({ rosterId, chunks }) => {
    const roster = await rosters.get(rosterId);
    // Completed before (a redelivery), or failed by the watchdog: nothing to do.
    if (!roster || roster.status !== 'processing') return;
    const context = { partnerId: roster.partnerId, platform: roster.platform, rosterId, province: provinceCode(), now: new Date() };
    const counts = { created: 0, updated: 0, unchanged: 0, departed: 0 };
    for (let seq = 1; seq <= chunks; seq++) {
      const chunk = await rosters.getChunk(rosterId, seq);
      let applied = chunk?.applied;
      if (!applied) {
        const rows: RosterRow[] = chunk?.sealedRows ? JSON.parse(await vault.decrypt(chunk.sealedRows, { rosterId, seq: String(seq) })) : [];
        applied = { created: 0, updated: 0, unchanged: 0 };
        // The last row of a rider wins: one write per rider per batch.
        const latest = [...new Map(rows.map((row) => [row.riderId, row])).values()];
        for (let i = 0; i < latest.length; i += RIDERS_PER_BATCH) {
          const batch = latest.slice(i, i + RIDERS_PER_BATCH);
          const existing = await rosters.riders(roster.partnerId, batch.map((row) => row.riderId));
          const changes: RiderChange[] = [];
          for (const row of batch) {
            const reported = {
              riderId: row.riderId,
              personIndex: await vault.mac('id-number', row.idNumber),
              // Name and mobile as one blind index: the membership service matches a joiner's verified mobile against it.
              contactIndex: await vault.mac('contact', contactText(row.name, row.mobile)),
              status: row.status,
              regionCode: row.regionCode,
              station: row.station ?? null,
              occupation: row.occupation,
            };
            const change = applyRow(existing.get(row.riderId), reported, context);
            applied[change.kind as 'created' | 'updated' | 'unchanged'] += 1;
            changes.push(change);
          }
          await rosters.saveRiders(changes);
        }
        await rosters.markChunkApplied(rosterId, seq, applied);
      }
      counts.created += applied.created;
      counts.updated += applied.updated;
      counts.unchanged += applied.unchanged;
    }
    if (roster.mode === 'snapshot') {
      const departures: RiderChange[] = [];
      for await (const rider of rosters.partnerRiders(roster.partnerId)) {
        if (rider.lastRosterId === rosterId && rider.lastChange === 'departed') counts.departed += 1;
        const departure = departAbsent(rider, context);
        if (departure) departures.push(departure);
      }
      await rosters.saveRiders(departures);
      counts.departed += departures.length;
    }
    await rosters.finish(rosterId, counts, new Date().toISOString());
    logger.info('Roster applied', { rosterId, ...counts });
  },
});
