/** Inside a mentorship: goals, session logs (notes private to the pair), tasks, feedback at the end. */
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddGoalRequest, AddTaskRequest, FeedbackView, GiveFeedbackRequest, GoalList, GoalView, LogSessionRequest, MentorshipIdParam, MentorshipItemParams, MentorshipWorkRequests,
  MentoringSessionList, MentoringSessionView, PageQuery, TaskList, TaskView, UpdateGoalRequest, UpdateTaskRequest,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('mentorship')
@Controller('mentorship/mentorships/:id')
export class MentorshipWorkController {
  constructor(private readonly client: ServiceClient) {}

  @Get('goals')
  @ApiOperation({ summary: 'The pair’s goals with their progress, oldest first, a page at a time' })
  @ApiOkResponse({ type: GoalList })
  goals(@Param() params: MentorshipIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<GoalList> {
    return this.client.request(MentorshipWorkRequests.goals, { ...query, id: params.id }, call);
  }

  @Post('goals')
  @ApiCreatedResponse({ type: GoalView })
  addGoal(@Param() params: MentorshipIdParam, @Body() input: AddGoalRequest, @Call() call: CallOptions): Promise<GoalView> {
    return this.client.request(MentorshipWorkRequests.addGoal, { ...input, id: params.id }, call);
  }

  @Patch('goals/:itemId')
  @ApiOperation({ summary: 'Rename a goal or move its progress (0–100)' })
  @ApiOkResponse({ type: GoalView })
  updateGoal(@Param() params: MentorshipItemParams, @Body() input: UpdateGoalRequest, @Call() call: CallOptions): Promise<GoalView> {
    return this.client.request(MentorshipWorkRequests.updateGoal, { ...input, id: params.id, itemId: params.itemId }, call);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Session logs, newest first, a page at a time; the notes are the pair’s only' })
  @ApiOkResponse({ type: MentoringSessionList })
  sessions(@Param() params: MentorshipIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<MentoringSessionList> {
    return this.client.request(MentorshipWorkRequests.sessions, { ...query, id: params.id }, call);
  }

  @Post('sessions')
  @ApiOperation({ summary: 'Log a session that took place (date, duration, private notes)' })
  @ApiCreatedResponse({ type: MentoringSessionView })
  logSession(@Param() params: MentorshipIdParam, @Body() input: LogSessionRequest, @Call() call: CallOptions): Promise<MentoringSessionView> {
    return this.client.request(MentorshipWorkRequests.logSession, { ...input, id: params.id }, call);
  }

  @Get('tasks')
  @ApiOperation({ summary: 'The pair’s tasks, oldest first, a page at a time' })
  @ApiOkResponse({ type: TaskList })
  tasks(@Param() params: MentorshipIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<TaskList> {
    return this.client.request(MentorshipWorkRequests.tasks, { ...query, id: params.id }, call);
  }

  @Post('tasks')
  @ApiCreatedResponse({ type: TaskView })
  addTask(@Param() params: MentorshipIdParam, @Body() input: AddTaskRequest, @Call() call: CallOptions): Promise<TaskView> {
    return this.client.request(MentorshipWorkRequests.addTask, { ...input, id: params.id }, call);
  }

  @Patch('tasks/:itemId')
  @ApiOkResponse({ type: TaskView })
  updateTask(@Param() params: MentorshipItemParams, @Body() input: UpdateTaskRequest, @Call() call: CallOptions): Promise<TaskView> {
    return this.client.request(MentorshipWorkRequests.updateTask, { ...input, id: params.id, itemId: params.itemId }, call);
  }

  @Get('feedback')
  @ApiOperation({ summary: 'Her feedback, and the other side’s once both answered' })
  @ApiOkResponse({ type: FeedbackView })
  feedback(@Param() params: MentorshipIdParam, @Call() call: CallOptions): Promise<FeedbackView> {
    return this.client.request(MentorshipWorkRequests.feedback, { id: params.id }, call);
  }

  @Post('feedback')
  @ApiOperation({ summary: 'Rating (1–5) and text, once, after the mentorship ended or completed' })
  @ApiCreatedResponse({ type: FeedbackView })
  giveFeedback(@Param() params: MentorshipIdParam, @Body() input: GiveFeedbackRequest, @Call() call: CallOptions): Promise<FeedbackView> {
    return this.client.request(MentorshipWorkRequests.giveFeedback, { ...input, id: params.id }, call);
  }
}
