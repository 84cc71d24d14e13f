// "Chrome trên Android" from a User-Agent string: enough for a person to recognise a device.
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return 'Thiết bị không rõ';
  const browser = /Edg\//.test(ua) ? 'Edge' : /OPR\/|Opera/.test(ua) ? 'Opera' : /CocCoc|coc_coc/i.test(ua) ? 'Cốc Cốc' : /Zalo/i.test(ua) ? 'Zalo' : /Firefox\//.test(ua) ? 'Firefox' : /Chrome\/|Chromium\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : /node|undici|curl/i.test(ua) ? 'Chương trình' : 'Trình duyệt';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad|iPod/.test(ua) ? 'iPhone/iPad' : /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} trên ${os}` : browser;
}

export function isPhoneUserAgent(ua: string | null | undefined): boolean {
  return Boolean(ua && /Android|iPhone|iPod|Mobile/.test(ua));
}
