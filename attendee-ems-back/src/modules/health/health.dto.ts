import { ApiProperty } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ description: 'Seconds since the process started' }) uptimeSeconds: number;
  @ApiProperty() version: string;
}

export class DatabaseHealthDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ description: 'Round trip of SELECT 1 in milliseconds' }) latencyMs: number;
}

export class DependencyCheckDto {
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['ok', 'down'] }) status: 'ok' | 'down';
  @ApiProperty() latencyMs: number;
  @ApiProperty({ required: false }) error?: string;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'down'] }) status: 'ok' | 'down';
  @ApiProperty({ type: [DependencyCheckDto] }) checks: DependencyCheckDto[];
}
