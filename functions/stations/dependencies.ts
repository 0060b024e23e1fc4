import { provinceCode, tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { randomIds } from '../../shared/ids.js';
import { systemClock } from '../../shared/ports.js';
import { makeStationRepository } from './repository.js';
import type { StationPorts } from './use-cases/stations.js';

/** The stations service's wiring for Lambda, created once per container. */
export const stationPorts = (): StationPorts => ({
  stations: makeStationRepository({ client: documentClient(), tableName: tableNameOf('stations') }),
  clock: systemClock,
  ids: randomIds,
  province: provinceCode(),
});
