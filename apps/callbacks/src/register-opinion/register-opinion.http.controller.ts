import { Body, Controller, Inject, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, idFor, parseInput, Principal, RequestKey, requestMeta, Roles } from '@fd/platform';
import { registerOpinionRequest } from './register-opinion.request';
import { OpinionRegisteredAnswer, RegisterOpinionHandler } from './register-opinion.command';

@Controller('api/v1/opinions')
export class RegisterOpinionController {
  constructor(
    private readonly registerOpinion: RegisterOpinionHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk')
  @Post()
  async register(
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @RequestKey() requestKey?: string,
  ): Promise<OpinionRegisteredAnswer> {
    const input = parseInput(registerOpinionRequest, body);
    return this.registerOpinion.handle({ ...input, opinionId: idFor('opinion', requestKey) }, await requestMeta(this.clock, user));
  }
}
