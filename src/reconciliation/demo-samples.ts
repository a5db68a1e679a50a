import { Injectable } from '@nestjs/common';

/**
 * The demo's samples as they load (an embedded database filled with samples/ at its first start): the server
 * answers at once and loads them in the background, and the dashboard says how far it has come.
 */
@Injectable()
export class DemoSamples {
  /** Who the sample files are imported by. */
  static readonly ACTOR = 'samples';

  /** This process fills the database with samples/ (embedded, KESHIKOMI_LOAD_SAMPLES). */
  enabled = false;
  /** Sample files in all, while loading; null when nothing is loading. */
  private loadingTotal: number | null = null;

  started(files: number): void {
    this.loadingTotal = files;
  }

  finished(): void {
    this.loadingTotal = null;
  }

  /** How many files are being loaded, or null when no load runs. */
  get loading(): number | null {
    return this.loadingTotal;
  }
}
