/**
 * Object URLs for the downloads. Each holds its bytes in memory until revoked, and the new
 * database can be as big as the input, so the old ones are revoked as soon as they are
 * replaced or the page moves on.
 */
export class Downloads {
  private urls: string[] = [];

  add(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.urls.push(url);
    return url;
  }

  revokeAll(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }
}
