import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { addOpinionCategoryRequest, listOpinionCategoriesQuery, OpinionCategory } from '@fd/api';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { ManageOpinionCategories } from './manage-opinion-categories.command';
import { OpinionCategories } from './opinion-categories.query';

@Controller('api/v1/opinion-categories')
export class OpinionCategoriesController {
  constructor(
    private readonly categories: OpinionCategories,
    private readonly manage: ManageOpinionCategories,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every category, active and retired, in the order they were added; `?status=` keeps one kind. */
  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown): Promise<{ items: OpinionCategory[] }> {
    return { items: await this.categories.list(parseInput(listOpinionCategoriesQuery, query).status) };
  }

  @Roles('admin')
  @Post()
  async add(@Body() body: unknown, @CurrentUser() user: Principal): Promise<OpinionCategory> {
    return this.manage.add(parseInput(addOpinionCategoryRequest, body), await requestMeta(this.clock, user));
  }

  @Roles('admin')
  @Post(':code/retire')
  @HttpCode(200)
  async retire(@Param('code') code: string, @CurrentUser() user: Principal): Promise<OpinionCategory> {
    return this.manage.retire(code, await requestMeta(this.clock, user));
  }
}
