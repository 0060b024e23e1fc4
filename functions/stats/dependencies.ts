import { tableNameOf } from '../../shared/config.js';
import { documentClient } from '../../shared/dynamo.js';
import { systemClock } from '../../shared/ports.js';
import { makeStatsRepository } from './repository.js';

/** The stats service's wiring, created once per container. */
export const statsRepository = () => makeStatsRepository({ client: documentClient(), tableName: tableNameOf('stats') });

export const statsPorts = () => ({ stats: statsRepository(), clock: systemClock });
