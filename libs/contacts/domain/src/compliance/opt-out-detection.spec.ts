import { detectOptOut } from './opt-out-detection';

describe('detectOptOut', () => {
  it.each([
    ['PARE', 'pare'],
    ['pare!!!', 'pare'],
    ['Por favor, parem de me mandar mensagem', 'parem'],
    ['quero parar de receber isso', 'parar'],
    ['Não quero mais receber mensagens', 'nao quero mais receber'],
    ['NAO QUERO MAIS RECEBER', 'nao quero mais receber'],
    ['nao quero receber nada', 'nao quero receber'],
    ['quero sair da lista', 'quero sair'],
    ['Sair.', 'sair'],
    ['STOP', 'stop'],
    ['stop.', 'stop'],
    ['Stop sending me this', 'stop'],
    ['descadastrar', 'descadastrar'],
    ['Descadastre meu número por favor', 'descadastre'],
    ['cancelar', 'cancelar'],
    ['Cancele isso', 'cancele'],
    ['PARA!', 'para'],
    ['para de me ligar', 'para de'],
    ['chega de mensagens', 'chega de'],
    ['não me ligue mais', 'nao me ligue'],
    ['Não me liguem', 'nao me liguem'],
    ['ok… pare.', 'pare'],
    ['(pare)', 'pare'],
    ['unsubscribe', 'unsubscribe'],
    ["don't call me again", 'dont call'],
    ['Do not contact me', 'do not contact'],
  ])('recognises %j as an opt-out (%s)', (text, phrase) => {
    expect(detectOptOut(text)?.phrase).toBe(phrase);
  });

  it.each([
    ['Separe o boleto para mim', 'separe holds "pare"; "para" inside a sentence is the preposition'],
    ['Pareceu estranho o valor', 'pareceu holds "pare"'],
    ['Vou pagar na sexta, saira o PIX', '"saira" (sairá) is another word'],
    ['a parede caiu', 'parede'],
    ['disparar o pagamento', 'disparar holds "parar"'],
    ['o cancelamento do cartão', 'cancelamento holds "cancela"'],
    ['Obrigado, vou pagar amanhã', 'an ordinary reply'],
    ['Pode mandar o boleto para o meu e-mail', '"para" as a preposition'],
    ['stopwatch', 'English word holding "stop"'],
    ['', 'an empty message'],
  ])('does not fire on %j (%s)', (text) => {
    expect(detectOptOut(text)).toBeNull();
  });

  it('returns the words as the debtor wrote them, for the evidence', () => {
    expect(detectOptOut('Olá. NÃO QUERO MAIS RECEBER, obrigado')).toEqual({ phrase: 'nao quero mais receber', excerpt: 'NÃO QUERO MAIS RECEBER' });
  });

  it('reports the longest phrase when several match', () => {
    expect(detectOptOut('não quero mais receber, pare')?.phrase).toBe('nao quero mais receber');
  });

  it('fires on "não quero sair" too: negations are not parsed, stopping is the safer error', () => {
    expect(detectOptOut('não quero sair')?.phrase).toBe('quero sair');
  });
});
