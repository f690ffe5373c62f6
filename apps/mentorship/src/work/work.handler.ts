/** NATS requests for what the pair keeps inside a mentorship. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddGoalPayload, AddTaskPayload, GiveFeedbackPayload, LogSessionPayload, MentorshipIdPayload, MentorshipListPayload, MentorshipWorkRequests, UpdateGoalPayload, UpdateTaskPayload,
} from '@weop/contracts';
import type { FeedbackView, GoalList, GoalView, Principal, MentoringSessionList, MentoringSessionView, TaskList, TaskView } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { WorkService } from './work.service';

@RpcController()
export class WorkHandler {
  constructor(private readonly work: WorkService) {}

  @MessagePattern(MentorshipWorkRequests.goals)
  goals(@Caller() caller: Principal, @Payload() input: MentorshipListPayload): Promise<GoalList> {
    return this.work.goals(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.addGoal)
  addGoal(@Caller() caller: Principal, @Payload() input: AddGoalPayload): Promise<GoalView> {
    return this.work.addGoal(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.updateGoal)
  updateGoal(@Caller() caller: Principal, @Payload() input: UpdateGoalPayload): Promise<GoalView> {
    return this.work.updateGoal(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.sessions)
  sessions(@Caller() caller: Principal, @Payload() input: MentorshipListPayload): Promise<MentoringSessionList> {
    return this.work.sessions(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.logSession)
  logSession(@Caller() caller: Principal, @Payload() input: LogSessionPayload): Promise<MentoringSessionView> {
    return this.work.logSession(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.tasks)
  tasks(@Caller() caller: Principal, @Payload() input: MentorshipListPayload): Promise<TaskList> {
    return this.work.tasks(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.addTask)
  addTask(@Caller() caller: Principal, @Payload() input: AddTaskPayload): Promise<TaskView> {
    return this.work.addTask(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.updateTask)
  updateTask(@Caller() caller: Principal, @Payload() input: UpdateTaskPayload): Promise<TaskView> {
    return this.work.updateTask(caller, input);
  }

  @MessagePattern(MentorshipWorkRequests.feedback)
  feedback(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<FeedbackView> {
    return this.work.feedback(caller, input.id);
  }

  @MessagePattern(MentorshipWorkRequests.giveFeedback)
  giveFeedback(@Caller() caller: Principal, @Payload() input: GiveFeedbackPayload): Promise<FeedbackView> {
    return this.work.giveFeedback(caller, input);
  }
}
