import sharp from 'sharp';
import { cleanAttachment } from './attachment-type';

const code = async (bytes: Buffer): Promise<string | null> => cleanAttachment(bytes).then(() => null, (error: { code: string }) => error.code);

describe('cleanAttachment', () => {
  it('takes a complete PDF as it is, and refuses a truncated one, HTML, executables and empty files', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    expect(await cleanAttachment(pdf)).toEqual({ bytes: pdf, contentType: 'application/pdf', ext: 'pdf' });
    expect(await code(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await code(Buffer.from('<html><script>alert(1)</script></html>'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await code(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00', 'latin1'))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await code(Buffer.alloc(0))).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('re-encodes photos without where and when they were taken', async () => {
    const photo = await sharp({ create: { width: 10, height: 6, channels: 3, background: '#336699' } })
      .png()
      .withExif({ IFD0: { ImageDescription: 'Taken at 12 Abai Avenue' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const clean = await cleanAttachment(photo);
    expect(clean).toMatchObject({ contentType: 'image/png', ext: 'png' });
    const meta = await sharp(clean.bytes).metadata();
    expect({ width: meta.width, height: meta.height, exif: meta.exif }).toEqual({ width: 10, height: 6, exif: undefined });
  });
});
