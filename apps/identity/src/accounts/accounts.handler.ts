/** NATS requests for accounts, sessions and her own data. */
import { UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AccountEmailsPayload, DeleteAccountRequest, IdentityRequests, LoginRequest, RefreshRequest, RegisterRequest, EndSessionPayload, PageQuery } from '@weop/contracts';
import type { AccountEmails, IdResponse, Page, Principal, SessionView, SigningKeySet, TokenPairResponse } from '@weop/contracts';
import { Caller, MaybeCaller, Origin, PlatformOnly, RpcController } from '@weop/messaging';
import type { CallOrigin } from '@weop/messaging';
import { SessionsService } from '../sessions/sessions.service';
import { TokenService } from '../tokens/token.service';
import { AccountDataService } from './account-data.service';
import { AccountsService } from './accounts.service';

@RpcController()
export class AccountsHandler {
  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly data: AccountDataService,
  ) {}

  @MessagePattern(IdentityRequests.register)
  register(@Payload() input: RegisterRequest): Promise<IdResponse> {
    return this.accounts.register(input);
  }

  @MessagePattern(IdentityRequests.login)
  login(@Payload() input: LoginRequest, @Origin() origin: CallOrigin): Promise<TokenPairResponse> {
    return this.accounts.login(input, origin);
  }

  @MessagePattern(IdentityRequests.refresh)
  refresh(@Payload() input: RefreshRequest, @Origin() origin: CallOrigin): Promise<TokenPairResponse> {
    return this.sessions.refresh(input.refreshToken, origin);
  }

  @MessagePattern(IdentityRequests.logout)
  async logout(@Caller() caller: Principal): Promise<null> {
    await this.sessions.logout(caller);
    return null;
  }

  @MessagePattern(IdentityRequests.signingKeys)
  signingKeys(): Promise<SigningKeySet> {
    return this.tokens.publicKeys();
  }

  @MessagePattern(IdentityRequests.listSessions)
  listSessions(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<Page<SessionView>> {
    return this.sessions.list(caller, input.limit, input.cursor);
  }

  @MessagePattern(IdentityRequests.endSession)
  async endSession(@Caller() caller: Principal, @Payload() input: EndSessionPayload): Promise<null> {
    await this.sessions.end(caller, input.sessionId);
    return null;
  }

  @MessagePattern(IdentityRequests.export)
  export(@Caller() caller: Principal): Promise<Record<string, unknown>> {
    return this.data.export(caller.accountId);
  }

  @MessagePattern(IdentityRequests.deleteMe)
  async deleteMe(@Caller() caller: Principal, @Payload() input: DeleteAccountRequest, @Origin() origin: CallOrigin): Promise<null> {
    await this.accounts.confirmPassword(caller.accountId, input.password, origin);
    await this.data.delete(caller.accountId);
    return null;
  }

  /** Internal (community's digest): never routed by the gateway, refused when a member is named. */
  @MessagePattern(IdentityRequests.accountEmails)
  @UseGuards(PlatformOnly)
  accountEmails(@MaybeCaller() caller: Principal | null, @Payload() input: AccountEmailsPayload): Promise<AccountEmails> {
    return this.accounts.emailsOf(caller, input.accountIds);
  }
}
