/**
 * Imported first by the local entry points: functions log at WARN locally unless the user asks
 * for more (`POWERTOOLS_LOG_LEVEL=INFO npm start`), so the gateway's access log stays readable.
 * It must run before any module creates the shared logger.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

// Business metrics are a stdout line (EMF) per operation: shown with the functions' INFO logs, not at the quiet default.
process.env.POWERTOOLS_METRICS_DISABLED ??= String(!['DEBUG', 'INFO', 'TRACE'].includes(process.env.POWERTOOLS_LOG_LEVEL.toUpperCase()));
