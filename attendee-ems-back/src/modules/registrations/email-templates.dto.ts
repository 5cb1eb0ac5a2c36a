import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { EMAIL_KINDS } from './registration-emails.js';

export class EmailTemplateTextDto {
  @ApiProperty({ maxLength: 200, example: 'Bienvenue à {{eventName}}' }) @IsString() @MinLength(1) @MaxLength(200) subject: string;
  @ApiProperty({ maxLength: 10000, description: 'Plain text; blank lines make paragraphs; {{placeholders}} are replaced' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;
}

export class SaveEmailTemplateDto {
  @ApiPropertyOptional({ type: EmailTemplateTextDto, nullable: true, description: 'French version; null returns to the default' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailTemplateTextDto)
  fr?: EmailTemplateTextDto | null;
  @ApiPropertyOptional({ type: EmailTemplateTextDto, nullable: true, description: 'English version; null returns to the default' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailTemplateTextDto)
  en?: EmailTemplateTextDto | null;
}

export class PreviewEmailTemplateDto {
  @ApiProperty({ enum: ['fr', 'en'] }) @IsIn(['fr', 'en']) locale: 'fr' | 'en';
  @ApiPropertyOptional({ type: EmailTemplateTextDto, description: 'Unsaved text to preview; the saved (or default) template otherwise' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailTemplateTextDto)
  template?: EmailTemplateTextDto;
}

export class EmailTemplateDto {
  @ApiProperty({ enum: EMAIL_KINDS }) kind: string;
  @ApiProperty({ type: EmailTemplateTextDto, nullable: true }) fr: EmailTemplateTextDto | null;
  @ApiProperty({ type: EmailTemplateTextDto, nullable: true }) en: EmailTemplateTextDto | null;
  @ApiProperty({ type: Object, description: '{fr, en}: the built-in text used when no custom one is set' }) defaults: { fr: EmailTemplateTextDto; en: EmailTemplateTextDto };
}

export class EmailTemplatesResponseDto {
  @ApiProperty({ type: [String] }) placeholders: string[];
  @ApiProperty({ type: [EmailTemplateDto] }) templates: EmailTemplateDto[];
}

export class EmailPreviewDto {
  @ApiProperty() subject: string;
  @ApiProperty() html: string;
  @ApiProperty() text: string;
}
