/** How the pages read and show times and money as the province does: Asia/Shanghai, yuan. */

/**
 * The instant of a `datetime-local` value read as wall-clock time in Asia/Shanghai (the
 * province's time, whatever the browser's zone; China keeps no daylight saving), or undefined
 * when it is empty, so the API names the missing field.
 */
export const shanghaiInstant = (value: string): string | undefined => (value ? new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`).toISOString() : undefined);

/** An instant as people in the province read it. */
export const shanghaiTime = (iso: string): string => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });

/** A yuan amount typed in a form, in fen as the API counts money (undefined when empty). */
export const fenOf = (yuan: string): number | undefined => (yuan.trim() === '' ? undefined : Math.round(Number(yuan) * 100));

/** Fen as yuan with two decimals. */
export const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
