import { Module } from '@nestjs/common';
import { NetworkImportController } from './network-import.controller';
import { NetworksController } from './networks.controller';

@Module({ controllers: [NetworksController, NetworkImportController] })
export class NetworksModule {}
