import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { FREE_FORM_OBJECT } from '../common/api-enums';
import { PageQuery } from '../common/pagination';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'recon_exception' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entity?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: number;
  @ApiProperty() at: string;
  @ApiProperty() actor: string;
  @ApiProperty() action: string;
  @ApiProperty() entity: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty(FREE_FORM_OBJECT) before: Record<string, unknown> | null;
  @ApiProperty(FREE_FORM_OBJECT) after: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() hash: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
}

export class AuditVerifyQuery {
  @ApiPropertyOptional({
    description: 'ID:HASH from `keshikomi audit checkpoint`: that row must still be there, unchanged',
    example: '1024:9f86d0…',
  })
  @IsOptional()
  @Matches(/^\d{1,15}:[0-9a-f]{64}$/, { message: 'checkpoint: ID:HASH (the output of keshikomi audit checkpoint)' })
  checkpoint?: string;
}

class BrokenRowDto {
  @ApiProperty() id: number;
  @ApiProperty() reason: string;
}

class CheckpointDto {
  @ApiProperty() id: number;
  @ApiProperty() hash: string;
}

class CheckpointMatchDto extends CheckpointDto {
  @ApiProperty() matched: boolean;
}

export class AuditVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() checked: number;
  @ApiProperty({ nullable: true, type: BrokenRowDto }) broken: BrokenRowDto | null;
  @ApiProperty({ description: 'rows from keyedFrom on carry HMAC hashes; false: the chain is unkeyed' }) keyed: boolean;
  @ApiProperty({ nullable: true, type: Number }) keyedFrom: number | null;
  @ApiProperty({ description: 'an audit key is configured: rows written from now on are keyed' }) keyConfigured: boolean;
  @ApiProperty({ nullable: true, type: CheckpointDto, description: 'the newest row verified' }) last: CheckpointDto | null;
  @ApiPropertyOptional({ type: CheckpointMatchDto }) checkpoint?: CheckpointMatchDto;
}
