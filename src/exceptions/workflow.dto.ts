import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { EXCEPTION_STATUS_ENUM } from '../common/api-enums';
import { EXCEPTION_STATUSES, ExceptionStatus } from '../common/codes';
import { RESOLUTION_ACTION_ENUM } from './exceptions.dto';
import { RESOLUTION_ACTIONS, ResolutionAction } from './workflow.entities';

/** Every transition carries a reason: the 監査委員 reads it later. */
class Reasoned {
  @ApiProperty({ description: '理由 / reason (required)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ResolveExceptionDto extends Reasoned {
  @ApiProperty(RESOLUTION_ACTION_ENUM)
  @IsIn(RESOLUTION_ACTIONS as readonly string[])
  action: ResolutionAction;

  @ApiPropertyOptional({ description: 'manual_match / apply_to_bill: the chosen bill' })
  @IsOptional()
  @IsInt()
  @Min(1)
  billId?: number;

  @ApiPropertyOptional({ description: 'undo_match: the match to reverse' })
  @IsOptional()
  @IsInt()
  @Min(1)
  matchId?: number;

  @ApiPropertyOptional({ description: 'link_deposit: the deposit (statement entry) that pays the missing payout' })
  @IsOptional()
  @IsInt()
  @Min(1)
  statementEntryId?: number;
}

export class ResolveResultDto {
  @ApiProperty() resolutionId: number;
  @ApiProperty({ enum: ['applied', 'proposed'], description: 'proposed: waits for a manager (four-eyes)' }) status: 'applied' | 'proposed';
}

export class AssignDto extends Reasoned {
  @ApiProperty({ description: '担当者 login name' })
  @Matches(/^[\w.-]{1,64}$/)
  assignee: string;
}

export class BulkAssignDto extends AssignDto {
  @ApiProperty({ type: [Number], description: '例外 id (at most 500)' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids: number[];
}

export class BulkAssignResultDto {
  @ApiProperty() assigned: number;
}

export class CommentCreatedDto {
  @ApiProperty({ description: "the new comment's id" }) id: number;
}

export class StatusDto extends Reasoned {
  @ApiProperty(EXCEPTION_STATUS_ENUM)
  @IsIn(EXCEPTION_STATUSES as readonly string[])
  status: ExceptionStatus;
}

export class CommentBodyDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  body: string;
}

export class DecisionDto extends Reasoned {}

export class CloseDayDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DayActionDto {
  @ApiProperty({ enum: ['close', 'reopen'] }) action: 'close' | 'reopen';
  @ApiProperty() actor: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty() at: string;
}

export class DayStatusDto {
  @ApiProperty() date: string;
  @ApiProperty() closed: boolean;
  @ApiProperty({ type: [DayActionDto], description: 'every close and reopen of the day, oldest first' }) history: DayActionDto[];
  @ApiProperty({
    type: [Number],
    description: 'exceptions of the day neither resolved nor carried over (in review with an assignee): they keep it from closing',
  })
  blockingExceptionIds: number[];
}
