import { z } from 'zod';
import { provinceCode } from '../../../shared/config.js';
import { http } from '../../../shared/http/handler.js';
import { ok } from '../../../shared/http/responses.js';

const HealthSchema = z.strictObject({ status: z.literal('ok'), province: z.string() }).meta({ id: 'Health' });

export const options = {
  summary: 'Liveness and the province served',
  responses: { 200: HealthSchema },
  public: true as const,
};

export const getHealthHandler = async () => ok({ status: 'ok', province: provinceCode() });

export const handler = http(getHealthHandler, options);
