// A minimal zip writer for an action given as a folder. The same files must
// always give the same bytes (the deploy compares code to decide whether an
// action changed), so entries come in the order added, every timestamp is
// the zip epoch (1980-01-01 00:00) and every file gets mode 0644. No zip64:
// action code is far below its 4 GB and 65,535-entry bounds.
import { crc32, deflateRawSync } from 'node:zlib';

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const MADE_BY_UNIX = (3 << 8) | 20;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
export const MAX_ZIP_ENTRIES = 0xffff;

interface Written {
  name: Buffer;
  crc: number;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

export class ZipWriter {
  private readonly chunks: Buffer[] = [];
  private readonly entries: Written[] = [];
  private offset = 0;

  /** Bytes written so far (the archive will be this plus its directory). */
  get size(): number {
    return this.offset;
  }

  /** Adds a file; deflated unless that would not make it smaller. */
  add(path: string, data: Buffer): void {
    if (this.entries.length >= MAX_ZIP_ENTRIES) throw new Error(`a zip holds at most ${MAX_ZIP_ENTRIES} files.`);
    const name = Buffer.from(path, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const [method, body] = deflated.length < data.length ? [8, deflated] : [0, data];
    const entry: Written = { name, crc: crc32(data), method, compressed: body.length, size: data.length, offset: this.offset };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(UTF8_NAMES, 6);
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.compressed, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    this.push(header, name, body);
    this.entries.push(entry);
  }

  /** The archive: the entries, their central directory and its end record. */
  finish(): Buffer {
    const directoryStart = this.offset;
    for (const entry of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(MADE_BY_UNIX, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(UTF8_NAMES, 8);
      header.writeUInt16LE(entry.method, 10);
      header.writeUInt16LE(0, 12);
      header.writeUInt16LE(DOS_DATE_1980_01_01, 14);
      header.writeUInt32LE(entry.crc, 16);
      header.writeUInt32LE(entry.compressed, 20);
      header.writeUInt32LE(entry.size, 24);
      header.writeUInt16LE(entry.name.length, 28);
      // extra length, comment length, disk number, internal attributes: 0
      header.writeUInt32LE(REGULAR_FILE_0644, 38);
      header.writeUInt32LE(entry.offset, 42);
      this.push(header, entry.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - directoryStart, 12);
    end.writeUInt32LE(directoryStart, 16);
    this.push(end);
    return Buffer.concat(this.chunks);
  }

  private push(...buffers: Buffer[]): void {
    for (const buffer of buffers) {
      this.chunks.push(buffer);
      this.offset += buffer.length;
    }
  }
}
