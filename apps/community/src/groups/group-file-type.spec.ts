import { sniffGroupFile } from './group-file-type';

describe('sniffGroupFile', () => {
  it('knows documents and images from their bytes, whatever they are called', () => {
    expect(sniffGroupFile(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n'))?.mime).toBe('application/pdf');
    expect(sniffGroupFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))?.mime).toBe('image/png');
    expect(sniffGroupFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))?.mime).toBe('image/jpeg');
    expect(sniffGroupFile(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))?.mime).toBe('image/webp');
    expect(sniffGroupFile(Buffer.from('Минутки встречи, 12 мая\nдата,место\n'))?.mime).toBe('text/plain');
  });

  it('refuses what is not one of them: programs, archives, truncated PDFs, empty files', () => {
    expect(sniffGroupFile(Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]))).toBeNull();
    expect(sniffGroupFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]))).toBeNull();
    expect(sniffGroupFile(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>'))).toBeNull();
    expect(sniffGroupFile(Buffer.alloc(0))).toBeNull();
    expect(sniffGroupFile(Buffer.from([0xc3, 0x28, 0x41]))).toBeNull();
  });
});
