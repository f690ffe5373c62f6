import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';
import { describeRoute } from './input-shape.guard';

@Controller('things')
class ThingsController {
  @Get(':id') one(@Param('id') _id: string): void {}
  @Get() list(@Query() _query: object): void {}
  @Get('named') named(@Query('q') _q: string): void {}
  @Patch(':id') change(@Param('id') _id: string, @Body() _body: object): void {}
  @Post('files') @ApiConsumes('multipart/form-data') upload(@Req() _request: unknown): void {}
}

@Controller()
class ProbesController {
  @Get('health/live') live(): void {}
}

describe('describeRoute', () => {
  const route = (controller: { prototype: object }, name: string) => describeRoute(controller, (controller.prototype as Record<string, object>)[name], name);

  it('reads what each route takes from its decorators', () => {
    expect(route(ThingsController, 'one')).toEqual({ open: false, query: new Set(), accepts: [] });
    expect(route(ThingsController, 'list')).toEqual({ open: false, query: true, accepts: [] });
    expect(route(ThingsController, 'named')).toEqual({ open: false, query: new Set(['q']), accepts: [] });
    expect(route(ThingsController, 'change')).toEqual({ open: false, query: new Set(), accepts: ['application/json'] });
    expect(route(ThingsController, 'upload')).toEqual({ open: false, query: new Set(), accepts: ['multipart/form-data'] });
    expect(route(ProbesController, 'live').open).toBe(true);
  });
});
