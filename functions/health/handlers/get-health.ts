import { provinceCode } from '../../../shared/config.js';
import { http } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';

const options = { public: true } as const;

export const getHealthHandler = async () => ok({ status: 'ok', province: provinceCode() });

export const handler = http(getHealthHandler, options);
