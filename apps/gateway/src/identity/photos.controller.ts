/** Profile photos: her upload (multipart, field `photo`) and other members' view of it. */
import { Controller, Delete, Get, HttpCode, Param, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountIdParam, DomainError, ErrorCode, IdentityRequests, ProfileResponse } from '@weop/contracts';
import type { PhotoResponse } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

const tooLarge = (): DomainError => new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, 'The photo is too large (the limit is 640 KB; a phone photo resized to 1024 px fits).');

/** Reads the one file part named `photo`, refusing anything else. */
async function readPhoto(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the photo as multipart/form-data with a file field named photo.');
  }
  let photo: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file' || part.fieldname !== 'photo' || photo) {
        throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: part.fieldname, problem: 'is not expected; send one file field named photo' }]);
      }
      photo = await part.toBuffer();
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The upload could not be read.', [{ field: 'photo', problem: 'is not a readable multipart upload' }]);
  }
  if (!photo) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', [{ field: 'photo', problem: 'is required' }]);
  return photo;
}

@ApiTags('profiles')
@Controller()
export class PhotosController {
  constructor(private readonly client: ServiceClient) {}

  @Put('me/photo')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['photo'], properties: { photo: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP, at most 640 KB' } } } })
  @ApiOkResponse({ type: ProfileResponse })
  async upload(@Req() request: FastifyRequest, @Call() call: CallOptions): Promise<ProfileResponse> {
    const photo = await readPhoto(request);
    return this.client.request(IdentityRequests.uploadPhoto, { contentBase64: photo.toString('base64') }, { ...call, timeoutMs: 15_000 });
  }

  @Delete('me/photo')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.deletePhoto, {}, call);
  }

  @Get('profiles/:id/photo')
  @ApiProduces('image/webp')
  @ApiOkResponse({ description: 'The photo, re-encoded without metadata' })
  async photo(@Param() params: AccountIdParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    const photo = await this.client.request<PhotoResponse>(IdentityRequests.getPhoto, { id: params.id }, call);
    await reply
      .header('content-type', photo.contentType)
      .header('content-disposition', 'inline')
      .send(Buffer.from(photo.contentBase64, 'base64'));
  }
}
