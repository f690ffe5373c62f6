/** The awards service as `startService` runs it. */
import type { ServiceDefinition } from '@weop/messaging';
import { AwardsConfig } from './awards.config';
import { AwardsModule } from './awards.module';
import { ChampionsSeedService } from './champions/champions-seed.service';
import { EvidenceStorage } from './nominations/evidence-storage';

export const awardsService: ServiceDefinition<AwardsConfig> = {
  service: 'awards',
  configClass: AwardsConfig,
  module: (config, database) => AwardsModule.register(config, database),
  async beforeStart(app) {
    await app.get(EvidenceStorage).open();
    // The 2023 champions are on the public list from first start.
    await app.get(ChampionsSeedService).ensure2023();
  },
};
