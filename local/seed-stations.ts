/**
 * Demo data of the stations service: service stations (驿站) around 厦门's districts, of the
 * district unions and the city's, with real-looking places, hours and amenities. Seeded through
 * the public API; the stations service learns of orgs by event, so each is retried until it does.
 */
import { createOnceOrgKnown } from './seed-jobs.js';

type Org = 'xiamen' | 'siming' | 'huli';

const stations: [Org, Record<string, unknown>][] = [
  ['siming', { name: '莲前街道工会驿站', kind: 'union_station', regionCode: '350203', address: '厦门市思明区莲前西路 2 号', location: { lat: 24.4772, lng: 118.1423 }, amenities: ['water', 'charging', 'microwave', 'rest', 'toilet'], hours: { always: true } }],
  ['siming', { name: '中山路暖蜂小屋', kind: 'courier_hut', regionCode: '350203', address: '厦门市思明区中山路 169 号', location: { lat: 24.4566, lng: 118.0825 }, amenities: ['water', 'charging', 'air_conditioning'], hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '22:00' } }],
  ['siming', { name: '软件园二期户外劳动者驿站', kind: 'outdoor_worker_station', regionCode: '350203', address: '厦门市思明区观日路 44 号', location: { lat: 24.4905, lng: 118.1798 }, amenities: ['water', 'wifi', 'microwave', 'reading'], hours: { days: [1, 2, 3, 4, 5], start: '07:30', end: '20:00' } }],
  ['siming', { name: '厦门大学西村骑手之家', kind: 'union_station', regionCode: '350203', address: '厦门市思明区思明南路 422 号', location: { lat: 24.4412, lng: 118.0934 }, amenities: ['water', 'charging', 'medicine'], hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '10:00', end: '02:00' } }],
  ['huli', { name: '湖里万达广场骑手驿站', kind: 'union_station', regionCode: '350206', address: '厦门市湖里区仙岳路 4666 号', location: { lat: 24.5062, lng: 118.1786 }, amenities: ['water', 'charging', 'microwave', 'air_conditioning', 'toilet'], hours: { always: true } }],
  ['huli', { name: '五缘湾暖蜂小屋', kind: 'courier_hut', regionCode: '350206', address: '厦门市湖里区五缘湾道 1 号', location: { lat: 24.5237, lng: 118.1712 }, amenities: ['water', 'charging', 'rest'], hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '21:00' } }],
  ['huli', { name: '闽送即配湖里站点休息区', kind: 'partner_site', regionCode: '350206', address: '厦门市湖里区金尚路 888 号', location: { lat: 24.4987, lng: 118.1365 }, amenities: ['water', 'charging', 'wifi'], hours: { days: [1, 2, 3, 4, 5, 6], start: '06:00', end: '23:00' } }],
  ['xiamen', { name: '集美大学城户外劳动者驿站', kind: 'outdoor_worker_station', regionCode: '350211', address: '厦门市集美区集美大道 1300 号', location: { lat: 24.6061, lng: 118.0997 }, amenities: ['water', 'toilet', 'rest'], hours: { always: true } }],
  ['xiamen', { name: '海沧新阳工会驿站', kind: 'union_station', regionCode: '350205', address: '厦门市海沧区新阳街道霞阳路 12 号', location: { lat: 24.5278, lng: 118.0365 }, amenities: ['water', 'charging', 'microwave', 'reading'], hours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' } }],
  ['xiamen', { name: '同安工业集中区骑手驿站', kind: 'union_station', regionCode: '350212', address: '厦门市同安区西柯街道同安工业集中区', location: { lat: 24.6752, lng: 118.1479 }, amenities: ['water', 'charging', 'microwave'], hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '07:00', end: '21:00' } }],
  ['xiamen', { name: '翔安新店户外劳动者驿站', kind: 'outdoor_worker_station', regionCode: '350213', address: '厦门市翔安区新店街道洪钟大道', location: { lat: 24.6189, lng: 118.2418 }, amenities: ['water', 'toilet', 'air_conditioning'], hours: { always: true } }],
];

export async function seedStations(apiUrl: string, input: { staffToken: string; orgIds: Record<Org, string> }): Promise<string[]> {
  const headers = { authorization: `Bearer ${input.staffToken}` };
  const ids: string[] = [];
  for (const [org, station] of stations) ids.push(await createOnceOrgKnown(apiUrl, headers, '/v1/stations', { orgId: input.orgIds[org], ...station }, `station ${String(station.name)}`));
  return ids;
}
