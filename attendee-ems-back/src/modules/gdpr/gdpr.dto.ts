import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class EraseResultDto {
  @ApiProperty() contactId: string;
  @ApiProperty({ description: 'Registrations anonymised (kept, so event statistics do not change)' }) registrations: number;
  @ApiProperty({ description: 'Emails of the email log anonymised' }) emails: number;
  @ApiProperty({ description: 'Revisions emptied' }) revisions: number;
  @ApiProperty({ description: 'Import report rows of the person anonymised' }) importRows: number;
  @ApiProperty({ description: 'Imports that named the person: samples emptied and file deleted (a draft never run is removed whole)' }) imports: number;
  @ApiProperty({ description: 'Stored files deleted: import uploads, and exports and badge PDFs that may hold the person (marked failed with the reason)' }) files: number;
}

export class RetentionPolicyDto {
  @ApiProperty({ nullable: true, type: Number, minimum: 30, maximum: 3650, description: 'Contacts are anonymised this many days after their last event; null keeps them' })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3650)
  contactRetentionDays: number | null;
}

export class GdprExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json', description: 'html: a plain, printable document for the person' }) @IsOptional() @IsIn(['json', 'html']) format?: 'json' | 'html';
}

export class DeleteContactQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also cancel (freeing their seats) and anonymise the active registrations' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  force?: boolean;
}

export class DeleteContactResultDto {
  @ApiProperty() contactId: string;
  @ApiProperty({ enum: ['deleted', 'anonymised'], description: 'deleted: the row is gone (no registration ever); anonymised: registrations exist, so the person is erased in place and statistics survive' })
  mode: 'deleted' | 'anonymised';
  @ApiProperty({ description: 'Active registrations cancelled (force=true)' }) cancelledRegistrations: number;
}
