import { say } from './message.js';

/**
 * Opens a printable poster the API draws (join or check-in QR code) in a new tab. The poster
 * route needs the staff token, which a plain link cannot send, so it is fetched here and opened
 * from memory.
 */
export async function openPoster(path: string, token: string): Promise<void> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return void say('海报生成失败');
  window.open(URL.createObjectURL(await response.blob()), '_blank', 'noopener');
}
