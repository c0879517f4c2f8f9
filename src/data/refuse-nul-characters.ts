// PostgreSQL cannot store the NUL character (U+0000) in text: a query carrying
// one fails as "invalid byte sequence" and the request became a 500 (issue 4,
// hostile input: a partnership's name, the audit page's filters). Every value
// bound into a query passes here on both databases, so SQLite behaves the same,
// and a NUL that no form or API check caught is refused as the sender's mistake.
// Forms that check their own text (incidents, rapid reviews, partnerships) still
// answer first with a message on the field.
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely'
import { ValidationError } from '../domain/errors.js'

export const NUL_MESSAGE = 'Text must not contain the NUL character (U+0000)'

function refuseNul(value: unknown): void {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new ValidationError([{ field: 'request', message: NUL_MESSAGE }])
  }
}

class NulFinder extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    refuseNul(node.value)
    return super.transformValue(node)
  }

  protected override transformPrimitiveValueList(
    node: PrimitiveValueListNode,
  ): PrimitiveValueListNode {
    node.values.forEach(refuseNul)
    return super.transformPrimitiveValueList(node)
  }
}

export class RefuseNulCharacters implements KyselyPlugin {
  private readonly finder = new NulFinder()

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.finder.transformNode(args.node)
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result)
  }
}
