import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class EraseResultDto {
  @ApiProperty() contactId: string;
  @ApiProperty({ description: 'Registrations anonymised (kept, so event statistics do not change)' }) registrations: number;
  @ApiProperty({ description: 'Emails of the email log anonymised' }) emails: number;
  @ApiProperty({ description: 'Revisions emptied' }) revisions: number;
}

export class RetentionPolicyDto {
  @ApiProperty({ nullable: true, type: Number, minimum: 30, maximum: 3650, description: 'Contacts are anonymised this many days after their last event; null keeps them' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3650)
  contactRetentionDays: number | null;
}
